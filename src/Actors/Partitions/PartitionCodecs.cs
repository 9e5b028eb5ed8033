using Actors.Serialization;
using Actors.Topics;
using static Actors.Topics.TopicCodecs;

namespace Actors.Partitions;

/// <summary>The protobuf encoding of the partition protocol (<c>PartitionProtocol.cs</c>) and of the partition's journal events (<c>PartitionEvents.cs</c>).</summary>
internal static class PartitionCodecs
{
    /// <summary>
    /// Manifests no longer in use, kept so they are never given to another message: an old node or journal may
    /// still hold them. "cr" was <c>Credit</c>, a credit grant no consumer ever sent (the window is the prefetch).
    /// </summary>
    public static readonly IReadOnlyList<string> Retired = ["cr"];

    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<Append>("app", (w, m) => WriteProducer(w.Str(1, m.Topic.Value).I64(2, m.Partition).Msg(3, x => WriteMessage(x, m.Message)).I64(4, m.CorrelationId), 5, m.Producer),
            (r, _) => new Append(new TopicName(r.Str(1)), r.I32(2), ReadMessage(r.Msg(3)), r.I64(4), ReadProducer(r, 5))),
        Codec.Of<SubscribePartition>("sub", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).Str(4, Codec.Path(m.Consumer))
                .I64(5, m.Credits).I64(6, m.Generation).I64(7, (long)m.StartFrom.Kind).I64(8, m.StartFrom.Value),
            (r, s) => new SubscribePartition(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), s.Resolve(r.Str(4)), r.I32(5), r.I64(6), new StartFrom((StartKind)r.I64(7), r.I64(8)))),
        Codec.Of<PartitionSubscribed>("subd", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.CommittedOffset).I64(5, m.EndOffset),
            (r, _) => new PartitionSubscribed(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I64(4), r.I64(5))),
        Codec.Of<UnsubscribePartition>("unsub", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).Str(4, Codec.Path(m.Consumer)),
            (r, s) => new UnsubscribePartition(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), s.Resolve(r.Str(4)))),
        Codec.Of<Delivery>("del", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.Offset).I64(5, m.Attempt).Msg(6, x => WriteMessage(x, m.Message)),
            (r, _) => new Delivery(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I64(4), r.I32(5), ReadMessage(r.Msg(6)))),
        Codec.Of<Ack>("ack", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.Offset),
            (r, _) => new Ack(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I64(4))),
        Codec.Of<Nack>("nack", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.Offset).I64(5, m.Delay.Ticks),
            (r, _) => new Nack(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I64(4), TimeSpan.FromTicks(r.I64(5)))),
        Codec.Of<AckRejected>("ackrej", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.Offset).Str(5, m.Reason),
            (r, _) => new AckRejected(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I64(4), r.Str(5))),
        Codec.Of<SeekPartition>("seek", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, (long)m.Position.Kind).I64(5, m.Position.Value),
            (r, _) => new SeekPartition(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), new StartFrom((StartKind)r.I64(4), r.I64(5)))),
        Codec.Of<GetPartitionStatus>("gps", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition), (r, _) => new GetPartitionStatus(new TopicName(r.Str(1)), r.I32(2))),
        Codec.Of<PartitionStatus>("ps", PartitionAdminCodecs.WriteStatus, (r, _) => PartitionAdminCodecs.ReadStatus(r)),

        // Journal events
        Codec.Of<MessagesAppended>("ma", (w, m) => w.I64(1, m.FirstOffset).Each(2, m.Messages, WriteMessage)
                .Each(3, m.Producers, (x, p) => x.I64(1, p.Index).I64(2, p.ProducerId).I64(3, p.Epoch).I64(4, p.FirstSequence).I64(5, p.Count)),
            (r, _) => new MessagesAppended(r.I64(1), r.Each(2).Select(ReadMessage).ToList(),
                r.Each(3).Select(p => new ProducerRun(p.I32(1), p.I64(2), (short)p.I64(3), p.I32(4), p.I32(5))).ToList())),
        Codec.Of<GroupsCommitted>("gc", (w, m) => w.Map(1, m.Commits), (r, _) => new GroupsCommitted(r.LongMap(1))),
        Codec.Of<PartitionCheckpoint>("cp", (w, m) => w.I64(1, m.StartOffset).I64(2, m.EndOffset).Map(3, m.Commits).Each(4, m.Producers, WriteProducerSnapshot),
            (r, _) => new PartitionCheckpoint(r.I64(1), r.I64(2), r.LongMap(3), r.Each(4).Select(ReadProducerSnapshot).ToList())),
    ];

    private static void WriteProducerSnapshot(ProtoWriter w, ProducerSnapshot p) =>
        w.I64(1, p.ProducerId).I64(2, p.Epoch).Each(3, p.Recent, (x, r) => x.I64(1, r.FirstSequence).I64(2, r.FirstOffset).I64(3, r.Count));

    private static ProducerSnapshot ReadProducerSnapshot(ProtoReader r) =>
        new(r.I64(1), (short)r.I64(2), r.Each(3).Select(x => new SequenceRange(x.I32(1), x.I64(2), x.I32(3))).ToList());
}
