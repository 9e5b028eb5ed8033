using Actors.Serialization;
using Actors.Topics;
using static Actors.Topics.TopicCodecs;

namespace Actors.Partitions;

/// <summary>The protobuf encoding of the partition protocol (<c>PartitionProtocol.cs</c>) and of the partition's journal events and snapshot (<c>PartitionEvents.cs</c>).</summary>
internal static class PartitionCodecs
{
    /// <summary>
    /// Manifests no longer in use, kept so they are never given to another message: an old node or journal may
    /// still hold them. "cr" was <c>Credit</c>, a credit grant no consumer ever sent (the window is the prefetch).
    /// </summary>
    public static readonly IReadOnlyList<string> Retired = ["cr"];

    private static readonly IReadOnlyDictionary<string, long> NoCounts = new Dictionary<string, long>();

    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<Append>("app", (w, m) => WriteProducer(w.Str(1, m.Topic.Value).I64(2, m.Partition).Msg(3, x => WriteMessage(x, m.Message)).I64(4, m.CorrelationId), 5, m.Producer),
            (r, _) => new Append(new TopicName(r.Str(1)), r.I32(2), ReadMessage(r.Msg(3)), r.I64(4), ReadProducer(r, 5))),
        Codec.Of<PublishBatch>("pubb", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition)
                .Each(3, m.Publishes, (x, p) => WriteProducer(x.Msg(1, y => WriteMessage(y, p.Message)).I64(2, p.CorrelationId), 3, p.Producer)),
            (r, _) => new PublishBatch(new TopicName(r.Str(1)), r.I32(2), r.Each(3).Select(x => new BatchedPublish(ReadMessage(x.Msg(1)), x.I64(2), ReadProducer(x, 3))).ToList())),
        Codec.Of<PublishConfirms>("pubc", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition)
                .Each(3, m.Ranges, (x, c) => x.I64(1, c.FirstCorrelation).I64(2, c.FirstOffset).I64(3, c.Count)),
            (r, _) => new PublishConfirms(new TopicName(r.Str(1)), r.I32(2), r.Each(3).Select(x => new ConfirmRange(x.I64(1), x.I64(2), x.I32(3))).ToList())),
        Codec.Of<SubscribePartition>("sub", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).Str(4, Codec.Path(m.Consumer))
                .I64(5, m.Credits).I64(6, m.Generation).I64(7, (long)m.StartFrom.Kind).I64(8, m.StartFrom.Value),
            (r, s) => new SubscribePartition(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), s.Resolve(r.Str(4)), r.I32(5), r.I64(6), new StartFrom((StartKind)r.I64(7), r.I64(8)))),
        Codec.Of<PartitionSubscribed>("subd", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.CommittedOffset).I64(5, m.EndOffset),
            (r, _) => new PartitionSubscribed(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I64(4), r.I64(5))),
        Codec.Of<UnsubscribePartition>("unsub", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).Str(4, Codec.Path(m.Consumer)),
            (r, s) => new UnsubscribePartition(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), s.Resolve(r.Str(4)))),
        Codec.Of<Delivery>("del", WriteDelivery, (r, _) => ReadDelivery(r)),
        Codec.Of<DeliveryBatch>("delb", (w, m) => w.Each(1, m.Deliveries, WriteDelivery), (r, _) => new DeliveryBatch(r.Each(1).Select(ReadDelivery).ToList())),
        Codec.Of<AckBatch>("ackb", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).Each(4, m.Offsets, (x, o) => x.I64(1, o.First).I64(2, o.Count)),
            (r, _) => new AckBatch(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.Each(4).Select(x => new OffsetRange(x.I64(1), x.I32(2))).ToList())),
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
        Codec.Of<AppendBatch>("appb", (w, m) => WriteProducer(w.Str(1, m.Topic.Value).I64(2, m.Partition).Each(3, m.Messages, WriteMessage).I64(4, m.CorrelationId), 5, m.Producer),
            (r, _) => new AppendBatch(new TopicName(r.Str(1)), r.I32(2), r.Each(3).Select(ReadMessage).ToList(), r.I64(4), ReadProducer(r, 5))),
        Codec.Of<BatchAppended>("appbd", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).I64(3, m.BaseOffset).I64(4, m.CorrelationId),
            (r, _) => new BatchAppended(new TopicName(r.Str(1)), r.I32(2), r.I64(3), r.I64(4))),
        Codec.Of<ReadPartition>("rdp", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).I64(3, m.FromOffset).I64(4, m.MaxBytes).I64(5, m.MinBytes).I64(6, m.MaxWait.Ticks),
            (r, _) => new ReadPartition(new TopicName(r.Str(1)), r.I32(2), r.I64(3), r.I32(4), r.I32(5), TimeSpan.FromTicks(r.I64(6)))),
        Codec.Of<PartitionRead>("rdpd", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).I64(3, m.StartOffset).I64(4, m.EndOffset)
                .Each(5, m.Messages, (x, s) => x.I64(1, s.Offset).Msg(2, y => WriteMessage(y, s.Message))).Bool(6, m.OutOfRange),
            (r, _) => new PartitionRead(new TopicName(r.Str(1)), r.I32(2), r.I64(3), r.I64(4),
                r.Each(5).Select(x => new StoredMessage(x.I64(1), ReadMessage(x.Msg(2)))).ToList(), r.Bool(6))),
        // A flag says whether a time was asked for (time 0, the epoch, is a time); offsets and timestamps found travel + 1 (-1 is none).
        Codec.Of<GetPartitionOffsets>("gpo", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Bool(3, m.AtTime is not null).I64(4, m.AtTime ?? 0),
            (r, _) => new GetPartitionOffsets(new TopicName(r.Str(1)), r.I32(2), r.Bool(3) ? r.I64(4) : null)),
        Codec.Of<PartitionOffsets>("po", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).I64(3, m.StartOffset).I64(4, m.EndOffset).I64(5, m.OffsetAtTime + 1).I64(6, m.TimestampAtTime + 1),
            (r, _) => new PartitionOffsets(new TopicName(r.Str(1)), r.I32(2), r.I64(3), r.I64(4), r.I64(5) - 1, r.I64(6) - 1)),

        // Journal events
        Codec.Of<MessagesAppended>("ma", (w, m) => w.I64(1, m.FirstOffset).Each(2, m.Messages, WriteMessage)
                .Each(3, m.Producers, (x, p) => x.I64(1, p.Index).I64(2, p.ProducerId).I64(3, p.Epoch).I64(4, p.FirstSequence).I64(5, p.Count)),
            (r, _) => new MessagesAppended(r.I64(1), r.Each(2).Select(ReadMessage).ToList(),
                r.Each(3).Select(p => new ProducerRun(p.I32(1), p.I64(2), (short)p.I64(3), p.I32(4), p.I32(5))).ToList())),
        // The dropped-unread counts (gc 2, cp 5, psnap 7) and psnap 8 came later: events and snapshots without them read as none.
        Codec.Of<GroupsCommitted>("gc", (w, m) => w.Map(1, m.Commits).Map(2, m.Dropped ?? NoCounts), (r, _) => new GroupsCommitted(r.LongMap(1), r.LongMap(2))),
        Codec.Of<PartitionCheckpoint>("cp", (w, m) => w.I64(1, m.StartOffset).I64(2, m.EndOffset).Map(3, m.Commits).Each(4, m.Producers, WriteProducerSnapshot)
                .Map(5, m.Dropped ?? NoCounts),
            (r, _) => new PartitionCheckpoint(r.I64(1), r.I64(2), r.LongMap(3), r.Each(4).Select(ReadProducerSnapshot).ToList(), r.LongMap(5))),
        Codec.Of<MessagesCompacted>("mc", (w, m) => w.I64(1, m.FirstOffset).I64(2, m.LastOffset)
                .Each(3, m.Survivors, (x, s) => x.I64(1, s.Offset).Msg(2, y => WriteMessage(y, s.Message))),
            (r, _) => new MessagesCompacted(r.I64(1), r.I64(2), r.Each(3).Select(x => new StoredMessage(x.I64(1), ReadMessage(x.Msg(2)))).ToList())),

        // Snapshots (fields 9 and 10, compaction's clean end and oldest tombstone + 1 tick, came later: none before them)
        Codec.Of<PartitionSnapshot>("psnap", (w, m) => w.I64(1, m.StartOffset).I64(2, m.EndOffset).I64(3, m.LastTimestamp.UtcTicks)
                .Each(4, m.Pages, (x, p) => x.I64(1, p.FirstOffset).I64(2, p.LastOffset).I64(3, p.FromSequenceNr).I64(4, p.ToSequenceNr)
                    .I64(5, p.FirstTimestamp.UtcTicks).I64(6, p.LastTimestamp.UtcTicks).I64(7, p.Bytes))
                .Map(5, m.Commits).Each(6, m.Producers, WriteProducerSnapshot).Map(7, m.Dropped ?? NoCounts).I64(8, m.FirstPageDroppedBytes)
                .I64(9, m.CleanEnd).I64(10, m.OldestTombstone is { } t ? t.UtcTicks + 1 : 0),
            (r, _) => new PartitionSnapshot(r.I64(1), r.I64(2), new DateTimeOffset(r.I64(3), TimeSpan.Zero),
                r.Each(4).Select(p => new PageRange(p.I64(1), p.I64(2), p.I64(3), p.I64(4), new DateTimeOffset(p.I64(5), TimeSpan.Zero),
                    new DateTimeOffset(p.I64(6), TimeSpan.Zero), p.I64(7))).ToList(),
                r.LongMap(5), r.Each(6).Select(ReadProducerSnapshot).ToList(), r.LongMap(7), r.I64(8),
                r.I64(9), r.I64(10) is var tombstone and > 0 ? new DateTimeOffset(tombstone - 1, TimeSpan.Zero) : null)),
    ];

    private static void WriteDelivery(ProtoWriter w, Delivery m) =>
        w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.Offset).I64(5, m.Attempt).Msg(6, x => WriteMessage(x, m.Message));

    private static Delivery ReadDelivery(ProtoReader r) =>
        new(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I64(4), r.I32(5), ReadMessage(r.Msg(6)));

    private static void WriteProducerSnapshot(ProtoWriter w, ProducerSnapshot p) =>
        w.I64(1, p.ProducerId).I64(2, p.Epoch).Each(3, p.Recent, (x, r) => x.I64(1, r.FirstSequence).I64(2, r.FirstOffset).I64(3, r.Count));

    private static ProducerSnapshot ReadProducerSnapshot(ProtoReader r) =>
        new(r.I64(1), (short)r.I64(2), r.Each(3).Select(x => new SequenceRange(x.I32(1), x.I64(2), x.I32(3))).ToList());
}
