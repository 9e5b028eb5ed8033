using Actors.Serialization;
using Codec = Actors.Serialization.Codec<Actors.Kafka.Edge.Groups.KafkaGroupsSerializer>;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// The protobuf encoding of the Kafka group protocol (<c>KafkaGroupProtocol.cs</c>, <c>KafkaGroupEvents.cs</c>).
/// Manifests (prefix <c>kg-</c>) and field numbers are the wire and journal contract: never change or reuse one.
/// </summary>
internal static class KafkaGroupCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<JoinKafkaGroup>("kg-join", (w, m) => w.Str(1, m.GroupId).Str(2, m.MemberId).Str(3, m.GroupInstanceId).Str(4, m.ClientId)
                .Str(5, m.ClientHost).I64(6, m.SessionTimeoutMs).I64(7, m.RebalanceTimeoutMs).Str(8, m.ProtocolType)
                .Each(9, m.Protocols, (p, v) => p.Str(1, v.Name).Bytes(2, v.Metadata)).Bool(10, m.RequireKnownMemberId),
            r => new JoinKafkaGroup(r.Str(1), r.Str(2), r.OptStr(3), r.Str(4), r.Str(5), r.I32(6), r.I32(7), r.Str(8),
                r.Each(9).Select(p => new GroupProtocol(p.Str(1), p.Bytes(2))).ToList(), r.Bool(10))),
        Codec.Of<KafkaGroupJoined>("kg-joined", (w, m) => w.I64(1, m.ErrorCode).I64(2, m.GenerationId).Str(3, m.ProtocolType).Str(4, m.ProtocolName)
                .Str(5, m.Leader).Str(6, m.MemberId).Each(7, m.Members, (p, v) => p.Str(1, v.MemberId).Str(2, v.GroupInstanceId).Bytes(3, v.Metadata)),
            r => new KafkaGroupJoined((short)r.I64(1), r.I32(2), r.OptStr(3), r.OptStr(4), r.Str(5), r.Str(6),
                r.Each(7).Select(p => new JoinedMember(p.Str(1), p.OptStr(2), p.Bytes(3))).ToList())),
        Codec.Of<SyncKafkaGroup>("kg-sync", (w, m) => w.Str(1, m.GroupId).I64(2, m.GenerationId).Str(3, m.MemberId).Str(4, m.ProtocolType)
                .Str(5, m.ProtocolName).Each(6, m.Assignments, (p, v) => p.Str(1, v.MemberId).Bytes(2, v.Assignment)),
            r => new SyncKafkaGroup(r.Str(1), r.I32(2), r.Str(3), r.OptStr(4), r.OptStr(5),
                r.Each(6).Select(p => new MemberAssignment(p.Str(1), p.Bytes(2))).ToList())),
        Codec.Of<KafkaGroupSynced>("kg-synced", (w, m) => w.I64(1, m.ErrorCode).Str(2, m.ProtocolType).Str(3, m.ProtocolName).Bytes(4, m.Assignment),
            r => new KafkaGroupSynced((short)r.I64(1), r.OptStr(2), r.OptStr(3), r.Bytes(4))),
        Codec.Of<KafkaHeartbeat>("kg-hb", (w, m) => w.Str(1, m.GroupId).I64(2, m.GenerationId).Str(3, m.MemberId),
            r => new KafkaHeartbeat(r.Str(1), r.I32(2), r.Str(3))),
        Codec.Of<KafkaGroupAnswer>("kg-ans", (w, m) => w.I64(1, m.ErrorCode), r => new KafkaGroupAnswer((short)r.I64(1))),
        Codec.Of<LeaveKafkaGroup>("kg-leave", (w, m) => w.Str(1, m.GroupId).Each(2, m.MemberIds, (p, v) => p.Str(1, v)),
            r => new LeaveKafkaGroup(r.Str(1), r.Each(2).Select(p => p.Str(1)).ToList())),
        Codec.Of<KafkaGroupLeft>("kg-left", (w, m) => w.Each(1, m.Members, (p, v) => p.Str(1, v.MemberId).I64(2, v.ErrorCode)),
            r => new KafkaGroupLeft(r.Each(1).Select(p => new MemberLeft(p.Str(1), (short)p.I64(2))).ToList())),
        Codec.Of<CommitKafkaOffsets>("kg-commit", (w, m) => w.Str(1, m.GroupId).I64(2, m.GenerationId).Str(3, m.MemberId).Each(4, m.Offsets, WriteOffset),
            r => new CommitKafkaOffsets(r.Str(1), r.I32(2), r.Str(3), r.Each(4).Select(ReadOffset).ToList())),
        Codec.Of<FetchKafkaOffsets>("kg-fetch", (w, m) => w.Str(1, m.GroupId).Bool(2, m.Partitions is null)
                .Each(3, m.Partitions ?? [], (p, v) => p.Str(1, v.Topic).I64(2, v.Partition)),
            r => new FetchKafkaOffsets(r.Str(1), r.Bool(2) ? null : r.Each(3).Select(p => new KafkaTopicPartition(p.Str(1), p.I32(2))).ToList())),
        Codec.Of<KafkaOffsets>("kg-offsets", (w, m) => w.Each(1, m.Offsets, WriteOffset), r => new KafkaOffsets(r.Each(1).Select(ReadOffset).ToList())),
        Codec.Of<DescribeKafkaGroup>("kg-desc", (w, m) => w.Str(1, m.GroupId), r => new DescribeKafkaGroup(r.Str(1))),
        Codec.Of<KafkaGroupDescription>("kg-described", (w, m) => w.Str(1, m.GroupId).Str(2, m.State).Str(3, m.ProtocolType).Str(4, m.Protocol)
                .Each(5, m.Members, (p, v) => p.Str(1, v.MemberId).Str(2, v.GroupInstanceId).Str(3, v.ClientId).Str(4, v.ClientHost)
                    .Bytes(5, v.Metadata).Bytes(6, v.Assignment)),
            r => new KafkaGroupDescription(r.Str(1), r.Str(2), r.Str(3), r.Str(4),
                r.Each(5).Select(p => new DescribedMember(p.Str(1), p.OptStr(2), p.Str(3), p.Str(4), p.Bytes(5), p.Bytes(6))).ToList())),
        Codec.Of<KafkaOffsetsCommitted>("kg-ev-committed", (w, m) => w.Each(1, m.Offsets, WriteOffset),
            r => new KafkaOffsetsCommitted(r.Each(1).Select(ReadOffset).ToList())),
        Codec.Of<KafkaGroupSnapshot>("kg-snap", (w, m) => w.Each(1, m.Offsets, WriteOffset),
            r => new KafkaGroupSnapshot(r.Each(1).Select(ReadOffset).ToList())),
        Codec.Of<RegisterKafkaGroup>("kg-reg", (w, m) => w.Str(1, m.GroupId), r => new RegisterKafkaGroup(r.Str(1))),
        Codec.Of<KafkaGroupRegistered>("kg-registered", (w, m) => w.Str(1, m.GroupId), r => new KafkaGroupRegistered(r.Str(1))),
        Codec.Of<ListKafkaGroups>("kg-list", (_, _) => { }, _ => ListKafkaGroups.Instance),
        Codec.Of<KafkaGroupNames>("kg-names", (w, m) => w.Each(1, m.GroupIds, (p, v) => p.Str(1, v)),
            r => new KafkaGroupNames(r.Each(1).Select(p => p.Str(1)).ToList())),
        Codec.Of<KafkaGroupAdded>("kg-ev-added", (w, m) => w.Str(1, m.GroupId), r => new KafkaGroupAdded(r.Str(1))),
        Codec.Of<KafkaGroupRegistrySnapshot>("kg-reg-snap", (w, m) => w.Each(1, m.GroupIds, (p, v) => p.Str(1, v)),
            r => new KafkaGroupRegistrySnapshot(r.Each(1).Select(p => p.Str(1)).ToList())),
    ];

    private static void WriteOffset(ProtoWriter w, CommittedOffset o) =>
        w.Str(1, o.Topic).I64(2, o.Partition).I64(3, o.Offset).Str(4, o.Metadata).I64(5, o.CommitTimestamp);

    private static CommittedOffset ReadOffset(ProtoReader r) => new(r.Str(1), r.I32(2), r.I64(3), r.Str(4), r.I64(5));
}
