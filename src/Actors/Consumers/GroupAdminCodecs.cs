using Actors.Partitions;
using Actors.Serialization;
using Actors.Topics;

namespace Actors.Consumers;

/// <summary>The protobuf encoding of the group's operator requests (<c>GroupAdminProtocol.cs</c>).</summary>
internal static class GroupAdminCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<DescribeGroup>("adm-dg", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value),
            (r, _) => new DescribeGroup(new TopicName(r.Str(1)), new GroupName(r.Str(2)))),
        Codec.Of<GroupDescription>("adm-gd", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).I64(3, m.Generation)
                .Each(4, m.Members, (e, member) => e.Str(1, member.Member).Str(2, member.Node).Each(3, member.Partitions, (p, v) => p.I64(1, v))),
            (r, _) => new GroupDescription(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.I64(3),
                r.Each(4).Select(e => new GroupMemberInfo(e.Str(1), e.Str(2), e.Each(3).Select(p => p.I32(1)).ToList())).ToList())),
        Codec.Of<ResetGroup>("adm-rg", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).I64(3, (long)m.Position.Kind).I64(4, m.Position.Value),
            (r, _) => new ResetGroup(new TopicName(r.Str(1)), new GroupName(r.Str(2)), new StartFrom((StartKind)r.I64(3), r.I64(4)))),
        Codec.Of<GroupOffsetsReset>("adm-gor", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Each(3, m.Partitions, PartitionAdminCodecs.WriteStatus),
            (r, _) => new GroupOffsetsReset(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.Each(3).Select(PartitionAdminCodecs.ReadStatus).ToList())),
        Codec.Of<GroupResetRefused>("adm-grr", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, m.Reason),
            (r, _) => new GroupResetRefused(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.Str(3))),
        Codec.Of<GroupStopped>("adm-gs", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, m.Reason),
            (r, _) => new GroupStopped(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.Str(3))),
        Codec.Of<DeleteGroup>("adm-delg", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value),
            (r, _) => new DeleteGroup(new TopicName(r.Str(1)), new GroupName(r.Str(2)))),
        Codec.Of<GroupDeleted>("adm-gdd", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value),
            (r, _) => new GroupDeleted(new TopicName(r.Str(1)), new GroupName(r.Str(2)))),
        Codec.Of<ClaimGroupName>("adm-cgn", (w, m) => w.Str(1, m.Group.Value).Str(2, m.Kind),
            (r, _) => new ClaimGroupName(new GroupName(r.Str(1)), r.Str(2))),
        Codec.Of<GroupNameOwner>("adm-gno", (w, m) => w.Str(1, m.Group.Value).Str(2, m.Kind),
            (r, _) => new GroupNameOwner(new GroupName(r.Str(1)), r.Str(2))),
        Codec.Of<GroupNameClaimed>("adm-gnc", (w, m) => w.Str(1, m.Group.Value).Str(2, m.Kind),
            (r, _) => new GroupNameClaimed(new GroupName(r.Str(1)), r.Str(2))),
        Codec.Of<ListExternalGroups>("adm-leg", (_, _) => { }, (_, _) => ListExternalGroups.Instance),
        Codec.Of<ExternalGroupList>("adm-egl", (w, m) => w.Each(1, m.Groups, WriteExternal),
            (r, _) => new ExternalGroupList(r.Each(1).Select(ReadExternal).ToList())),
    ];

    private static void WriteExternal(ProtoWriter w, ExternalGroupInfo g) =>
        w.Str(1, g.Group.Value).Str(2, g.Kind).Str(3, g.State)
            .Each(4, g.Members, (e, m) => e.Str(1, m.Member).Str(2, m.Client).Str(3, m.Host)
                .Each(4, m.Partitions, (p, tp) => p.Str(1, tp.Topic.Value).I64(2, tp.Partition)))
            .Each(5, g.Offsets, (e, o) => e.Str(1, o.Topic.Value).I64(2, o.Partition).I64(3, o.Offset));

    private static ExternalGroupInfo ReadExternal(ProtoReader r) =>
        new(new GroupName(r.Str(1)), r.Str(2), r.Str(3),
            r.Each(4).Select(e => new ExternalGroupMember(e.Str(1), e.Str(2), e.Str(3),
                e.Each(4).Select(p => new ExternalTopicPartition(new TopicName(p.Str(1)), p.I32(2))).ToList())).ToList(),
            r.Each(5).Select(e => new ExternalGroupOffset(new TopicName(e.Str(1)), e.I32(2), e.I64(3))).ToList());
}
