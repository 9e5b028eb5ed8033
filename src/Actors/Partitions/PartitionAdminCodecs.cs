using Actors.Serialization;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>The protobuf encoding of the partition's operator requests (<c>PartitionAdminProtocol.cs</c>).</summary>
internal static class PartitionAdminCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<DescribePartition>("adm-dp", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition),
            (r, _) => new DescribePartition(new TopicName(r.Str(1)), r.I32(2))),
        Codec.Of<PartitionDescription>("adm-pd", (w, m) => w.Msg(1, s => WriteStatus(s, m.Status)).Str(2, m.Node),
            (r, _) => new PartitionDescription(ReadStatus(r.Msg(1)), r.Str(2))),
        Codec.Of<DeletePartition>("adm-delp", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition),
            (r, _) => new DeletePartition(new TopicName(r.Str(1)), r.I32(2))),
        Codec.Of<PartitionDeleted>("adm-pdd", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Each(3, m.Groups, (e, g) => e.Str(1, g.Value)),
            (r, _) => new PartitionDeleted(new TopicName(r.Str(1)), r.I32(2), r.Each(3).Select(e => new GroupName(e.Str(1))).ToList())),
    ];

    /// <summary>A <see cref="PartitionStatus"/> inside another message, with the fields of its own codec.</summary>
    public static void WriteStatus(ProtoWriter w, PartitionStatus m) =>
        w.Str(1, m.Topic.Value).I64(2, m.Partition).I64(3, m.StartOffset).I64(4, m.EndOffset)
            .Each(5, m.Groups, (g, s) => g.Str(1, s.Group.Value).I64(2, s.CommittedOffset).I64(3, s.InFlight).Bool(4, s.HasConsumer).I64(5, s.Dropped).I64(6, s.Generation))
            .I64(6, m.RecoveredEvents).I64(7, m.RetainedBytes);

    public static PartitionStatus ReadStatus(ProtoReader r) =>
        new(new TopicName(r.Str(1)), r.I32(2), r.I64(3), r.I64(4),
            r.Each(5).Select(g => new GroupStatus(new GroupName(g.Str(1)), g.I64(2), g.I32(3), g.Bool(4), g.I64(5), g.I64(6))).ToList(), r.I64(6), r.I64(7));
}
