using Actors.Serialization;

namespace Actors.Topics;

/// <summary>
/// The protobuf encoding of the topic protocol (<c>TopicProtocol.cs</c>) and of the two shapes other
/// features' messages embed: a <see cref="TopicMessage"/> and a <see cref="TopicSpec"/>.
/// </summary>
internal static class TopicCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<Publish>("pub", (w, m) => WriteProducer(WritePartition(w.Str(1, m.Topic.Value).Bytes(2, m.Payload).Str(3, m.Key)
                .Map(4, m.Headers ?? TopicMessage.NoHeaders).I64(5, m.CorrelationId), 6, m.Partition), 7, m.Producer),
            (r, _) => new Publish(new TopicName(r.Str(1)), r.Bytes(2), r.OptStr(3), r.StringMap(4), r.I64(5), ReadPartition(r, 6), ReadProducer(r, 7))),
        Codec.Of<PublishAck>("puback", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).I64(3, m.Offset).I64(4, m.CorrelationId),
            (r, _) => new PublishAck(new TopicName(r.Str(1)), r.I32(2), r.I64(3), r.I64(4))),
        Codec.Of<PublishRejected>("pubrej", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Reason).I64(3, m.CorrelationId).I64(4, (long)m.Error).I64(5, m.ExpectedSequence),
            (r, _) => new PublishRejected(new TopicName(r.Str(1)), r.Str(2), r.I64(3), (PublishError)r.I64(4), r.I32(5))),
        // Fields 5 (bytes) and 6 (overflow + 1) are absent when not asked for, and in messages from nodes before them: the defaults.
        Codec.Of<CreateTopic>("ct", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partitions ?? 0).I64(3, m.RetentionAge?.Ticks ?? 0).I64(4, m.RetentionMessages ?? 0)
                .I64(5, m.RetentionBytes ?? 0).I64(6, m.Overflow is { } o ? (long)o + 1 : 0).I64(7, (long)(m.Cleanup ?? 0)),
            (r, _) => new CreateTopic(new TopicName(r.Str(1)), r.I32(2) is var p and > 0 ? p : null,
                r.I64(3) is var age and > 0 ? TimeSpan.FromTicks(age) : null, r.I64(4) is var count and > 0 ? count : null,
                r.I64(5) is var bytes and > 0 ? bytes : null, r.I64(6) is var overflow and > 0 ? (OverflowPolicy)(overflow - 1) : null,
                r.I64(7) is var cleanup and > 0 ? (CleanupPolicy)cleanup : null)),
        Codec.Of<GetTopic>("gt", (w, m) => w.Str(1, m.Topic.Value).Bool(2, m.CreateIfMissing),
            (r, _) => new GetTopic(new TopicName(r.Str(1)), r.Bool(2))),
        Codec.Of<TopicInfo>("ti", (w, m) => w.Msg(1, s => WriteSpec(s, m.Spec)), (r, _) => new TopicInfo(ReadSpec(r.Msg(1)))),
        // Field 3, the refusal, is absent (Other) in answers from nodes before it.
        Codec.Of<TopicNotFound>("tnf", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Reason).I64(3, (long)m.Refusal),
            (r, _) => new TopicNotFound(new TopicName(r.Str(1)), r.Str(2)) { Refusal = (TopicRefusal)r.I64(3) }),
        Codec.Of<ListTopics>("lt", (_, _) => { }, (_, _) => ListTopics.Instance),
        Codec.Of<TopicList>("tl", (w, m) => w.Each(1, m.Topics, WriteSpec), (r, _) => new TopicList(r.Each(1).Select(ReadSpec).ToList())),
        Codec.Of<TopicCreated>("tc", (w, m) => w.Msg(1, s => WriteSpec(s, m.Spec)), (r, _) => new TopicCreated(ReadSpec(r.Msg(1)))),
        Codec.Of<WatchTopics>("wt", (w, m) => w.Str(1, Codec.Path(m.Watcher)), (r, s) => new WatchTopics(s.Resolve(r.Str(1)))),
    ];

    // Field 5, the producer's CreateTime, is absent from native messages and from journals written before it existed.
    public static void WriteMessage(ProtoWriter w, TopicMessage m) =>
        w.Str(1, m.Key).Bytes(2, m.Payload).Map(3, m.Headers).I64(4, m.Timestamp.UtcTicks).I64(5, m.CreateTime?.UtcTicks ?? 0);

    public static TopicMessage ReadMessage(ProtoReader r) =>
        new(r.OptStr(1), r.Bytes(2), r.StringMap(3), new DateTimeOffset(r.I64(4), TimeSpan.Zero))
        {
            CreateTime = r.I64(5) is var created and > 0 ? new DateTimeOffset(created, TimeSpan.Zero) : null,
        };

    /// <summary>An optional partition, as a nested field that is absent when none is named (partition 0 is a value, not a default).</summary>
    public static ProtoWriter WritePartition(ProtoWriter w, int field, int? partition) =>
        partition is { } p ? w.Msg(field, x => x.I64(1, p)) : w;

    public static int? ReadPartition(ProtoReader r, int field) => r.OptMsg(field)?.I32(1);

    /// <summary>An optional producer sequence, absent for a publish without a producer.</summary>
    public static ProtoWriter WriteProducer(ProtoWriter w, int field, ProducerSequence? producer) =>
        producer is { } p ? w.Msg(field, x => x.I64(1, p.ProducerId).I64(2, p.Epoch).I64(3, p.Sequence)) : w;

    public static ProducerSequence? ReadProducer(ProtoReader r, int field) =>
        r.OptMsg(field) is { } p ? new ProducerSequence(p.I64(1), (short)p.I64(2), p.I32(3)) : null;

    // Fields 8 (retention bytes), 9 (overflow) and 10 (cleanup) came later: a spec journaled before them reads as unlimited bytes, drop-oldest, delete.
    private static void WriteSpec(ProtoWriter w, TopicSpec s) =>
        w.Str(1, s.Name.Value).I64(2, s.Partitions).I64(3, s.RetentionAge.Ticks).I64(4, s.RetentionMessages)
            .I64(5, s.MaxMessageBytes).I64(6, s.VisibilityTimeout.Ticks).I64(7, s.MaxDeliveryAttempts).I64(8, s.RetentionBytes).I64(9, (long)s.Overflow)
            .I64(10, (long)s.Cleanup);

    private static TopicSpec ReadSpec(ProtoReader r) =>
        new(new TopicName(r.Str(1)), r.I32(2), TimeSpan.FromTicks(r.I64(3)), r.I64(4), r.I32(5), TimeSpan.FromTicks(r.I64(6)), r.I32(7),
            r.I64(8) is var bytes and > 0 ? bytes : TopicSpec.UnlimitedBytes, (OverflowPolicy)r.I64(9),
            r.I64(10) is var cleanup and > 0 ? (CleanupPolicy)cleanup : CleanupPolicy.Delete);
}
