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
    ];
}
