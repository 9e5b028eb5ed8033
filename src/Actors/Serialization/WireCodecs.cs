using Actors.Consumers;
using Actors.Partitions;
using Actors.Routing;
using Actors.Topics;

namespace Actors.Serialization;

/// <summary>
/// The protobuf encoding of every wire message and journal event, one entry each: a short manifest,
/// how to write it and how to read it back. Field numbers are the wire contract; never reuse one.
/// </summary>
internal static class WireCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        // Topics
        Codec.Of<Publish>("pub", (w, m) => w.Str(1, m.Topic.Value).Bytes(2, m.Payload).Str(3, m.Key).Map(4, m.Headers ?? TopicMessage.NoHeaders).I64(5, m.CorrelationId),
            (r, _) => new Publish(new TopicName(r.Str(1)), r.Bytes(2), r.OptStr(3), r.StringMap(4), r.I64(5))),
        Codec.Of<PublishAck>("puback", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).I64(3, m.Offset).I64(4, m.CorrelationId),
            (r, _) => new PublishAck(new TopicName(r.Str(1)), r.I32(2), r.I64(3), r.I64(4))),
        Codec.Of<PublishRejected>("pubrej", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Reason).I64(3, m.CorrelationId),
            (r, _) => new PublishRejected(new TopicName(r.Str(1)), r.Str(2), r.I64(3))),
        Codec.Of<CreateTopic>("ct", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partitions ?? 0).I64(3, m.RetentionAge?.Ticks ?? 0).I64(4, m.RetentionMessages ?? 0),
            (r, _) => new CreateTopic(new TopicName(r.Str(1)), r.I32(2) is var p and > 0 ? p : null,
                r.I64(3) is var age and > 0 ? TimeSpan.FromTicks(age) : null, r.I64(4) is var count and > 0 ? count : null)),
        Codec.Of<GetTopic>("gt", (w, m) => w.Str(1, m.Topic.Value).Bool(2, m.CreateIfMissing),
            (r, _) => new GetTopic(new TopicName(r.Str(1)), r.Bool(2))),
        Codec.Of<TopicInfo>("ti", (w, m) => w.Msg(1, s => WriteSpec(s, m.Spec)), (r, _) => new TopicInfo(ReadSpec(r.Msg(1)))),
        Codec.Of<TopicNotFound>("tnf", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Reason), (r, _) => new TopicNotFound(new TopicName(r.Str(1)), r.Str(2))),
        Codec.Of<ListTopics>("lt", (_, _) => { }, (_, _) => ListTopics.Instance),
        Codec.Of<TopicList>("tl", (w, m) => w.Each(1, m.Topics, WriteSpec), (r, _) => new TopicList(r.Each(1).Select(ReadSpec).ToList())),
        Codec.Of<TopicCreated>("tc", (w, m) => w.Msg(1, s => WriteSpec(s, m.Spec)), (r, _) => new TopicCreated(ReadSpec(r.Msg(1)))),
        Codec.Of<WatchTopics>("wt", (w, m) => w.Str(1, Path(m.Watcher)), (r, s) => new WatchTopics(s.Resolve(r.Str(1)))),

        // Partitions
        Codec.Of<Append>("app", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Msg(3, x => WriteMessage(x, m.Message)).I64(4, m.CorrelationId),
            (r, _) => new Append(new TopicName(r.Str(1)), r.I32(2), ReadMessage(r.Msg(3)), r.I64(4))),
        Codec.Of<SubscribePartition>("sub", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).Str(4, Path(m.Consumer))
                .I64(5, m.Credits).I64(6, m.Generation).I64(7, (long)m.StartFrom.Kind).I64(8, m.StartFrom.Value),
            (r, s) => new SubscribePartition(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), s.Resolve(r.Str(4)), r.I32(5), r.I64(6), new StartFrom((StartKind)r.I64(7), r.I64(8)))),
        Codec.Of<PartitionSubscribed>("subd", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.CommittedOffset).I64(5, m.EndOffset),
            (r, _) => new PartitionSubscribed(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I64(4), r.I64(5))),
        Codec.Of<UnsubscribePartition>("unsub", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).Str(4, Path(m.Consumer)),
            (r, s) => new UnsubscribePartition(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), s.Resolve(r.Str(4)))),
        Codec.Of<Credit>("cr", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).Str(3, m.Group.Value).I64(4, m.Amount),
            (r, _) => new Credit(new TopicName(r.Str(1)), r.I32(2), new GroupName(r.Str(3)), r.I32(4))),
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
        Codec.Of<PartitionStatus>("ps", (w, m) => w.Str(1, m.Topic.Value).I64(2, m.Partition).I64(3, m.StartOffset).I64(4, m.EndOffset)
                .Each(5, m.Groups, (g, s) => g.Str(1, s.Group.Value).I64(2, s.CommittedOffset).I64(3, s.InFlight).Bool(4, s.HasConsumer)),
            (r, _) => new PartitionStatus(new TopicName(r.Str(1)), r.I32(2), r.I64(3), r.I64(4),
                r.Each(5).Select(g => new GroupStatus(new GroupName(g.Str(1)), g.I64(2), g.I32(3), g.Bool(4))).ToList())),

        // Journal events
        Codec.Of<MessagesAppended>("ma", (w, m) => w.I64(1, m.FirstOffset).Each(2, m.Messages, WriteMessage),
            (r, _) => new MessagesAppended(r.I64(1), r.Each(2).Select(ReadMessage).ToList())),
        Codec.Of<GroupsCommitted>("gc", (w, m) => w.Map(1, m.Commits), (r, _) => new GroupsCommitted(r.LongMap(1))),
        Codec.Of<PartitionCheckpoint>("cp", (w, m) => w.I64(1, m.StartOffset).I64(2, m.EndOffset).Map(3, m.Commits),
            (r, _) => new PartitionCheckpoint(r.I64(1), r.I64(2), r.LongMap(3))),

        // Consumer groups
        Codec.Of<JoinGroup>("jg", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, Path(m.Member)).I64(4, m.KnownGeneration),
            (r, s) => new JoinGroup(new TopicName(r.Str(1)), new GroupName(r.Str(2)), s.Resolve(r.Str(3)), r.I64(4))),
        Codec.Of<LeaveGroup>("lg", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, Path(m.Member)),
            (r, s) => new LeaveGroup(new TopicName(r.Str(1)), new GroupName(r.Str(2)), s.Resolve(r.Str(3)))),
        Codec.Of<GroupAssignment>("ga", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).I64(3, m.Generation).Each(4, m.Partitions, (p, v) => p.I64(1, v)),
            (r, _) => new GroupAssignment(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.I64(3), r.Each(4).Select(p => p.I32(1)).ToList())),

        // Gateway
        Codec.Of<Gateway.OpenConsumer>("oc", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).I64(3, m.Prefetch).I64(4, (long)m.StartFrom.Kind)
                .I64(5, m.StartFrom.Value).Str(6, Path(m.Target)),
            (r, s) => new Gateway.OpenConsumer(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.I32(3), new StartFrom((StartKind)r.I64(4), r.I64(5)), s.Resolve(r.Str(6)))),
        Codec.Of<Gateway.ConsumerOpened>("co", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, Path(m.Member)),
            (r, s) => new Gateway.ConsumerOpened(new TopicName(r.Str(1)), new GroupName(r.Str(2)), s.Resolve(r.Str(3)))),

        // Routing
        Codec.Of<RegisterRoutee>("rr", (w, m) => w.Str(1, m.Service.Value).Str(2, Path(m.Routee)),
            (r, s) => new RegisterRoutee(new ServiceName(r.Str(1)), s.Resolve(r.Str(2)))),
        Codec.Of<RouteeRegistered>("rrd", (w, m) => w.Str(1, m.Service.Value).Str(2, Path(m.Routee)),
            (r, s) => new RouteeRegistered(new ServiceName(r.Str(1)), s.Resolve(r.Str(2)))),
        Codec.Of<DeregisterRoutee>("dr", (w, m) => w.Str(1, m.Service.Value).Str(2, Path(m.Routee)),
            (r, s) => new DeregisterRoutee(new ServiceName(r.Str(1)), s.Resolve(r.Str(2)))),
        Codec.Of<RouteeSnapshot>("rs", (w, m) => w.Str(1, m.Node.ToString()).I64(2, m.Version)
                .Each(3, m.Services, (e, v) => e.Str(1, v.Service.Value).Each(2, v.Routees, (a, routee) => a.Str(1, Path(routee)))),
            (r, s) => new RouteeSnapshot(Address.Parse(r.Str(1)), r.I64(2),
                r.Each(3).Select(e => new ServiceRoutees(new ServiceName(e.Str(1)), e.Each(2).Select(a => s.Resolve(a.Str(1))).ToList())).ToList())),
        Codec.Of<RouteeSnapshotRequest>("rsq", (_, _) => { }, (_, _) => RouteeSnapshotRequest.Instance),
    ];

    private static void WriteMessage(ProtoWriter w, TopicMessage m) =>
        w.Str(1, m.Key).Bytes(2, m.Payload).Map(3, m.Headers).I64(4, m.Timestamp.UtcTicks);

    private static TopicMessage ReadMessage(ProtoReader r) =>
        new(r.OptStr(1), r.Bytes(2), r.StringMap(3), new DateTimeOffset(r.I64(4), TimeSpan.Zero));

    private static void WriteSpec(ProtoWriter w, TopicSpec s) =>
        w.Str(1, s.Name.Value).I64(2, s.Partitions).I64(3, s.RetentionAge.Ticks).I64(4, s.RetentionMessages)
            .I64(5, s.MaxMessageBytes).I64(6, s.VisibilityTimeout.Ticks).I64(7, s.MaxDeliveryAttempts);

    private static TopicSpec ReadSpec(ProtoReader r) =>
        new(new TopicName(r.Str(1)), r.I32(2), TimeSpan.FromTicks(r.I64(3)), r.I64(4), r.I32(5), TimeSpan.FromTicks(r.I64(6)), r.I32(7));

    private static string Path(IActorRef actor) => Akka.Serialization.Serialization.SerializedActorPath(actor);
}

/// <summary>How one message type is written and read; <see cref="Manifest"/> names it on the wire.</summary>
internal sealed record Codec(Type Type, string Manifest, Action<ProtoWriter, object> Write, Func<ProtoReader, ActorsSerializer, object> Read)
{
    public static Codec Of<T>(string manifest, Action<ProtoWriter, T> write, Func<ProtoReader, ActorsSerializer, T> read) where T : notnull =>
        new(typeof(T), manifest, (w, o) => write(w, (T)o), (r, s) => read(r, s));
}
