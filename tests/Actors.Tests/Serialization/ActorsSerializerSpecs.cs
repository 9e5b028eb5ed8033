using Actors.Consumers;
using Actors.Partitions;
using Actors.Routing;
using Actors.Serialization;
using Actors.Topics;

namespace Actors.Tests.Serialization;

public sealed class ActorsSerializerSpecs(SharedActorSystem shared) : IClassFixture<SharedActorSystem>
{
    private ActorSystem Sys => shared.Sys;
    private IActorRef TestActor => shared.Actor;

    private static readonly TopicName Topic = new("orders");
    private static readonly GroupName Group = new("billing");
    private static readonly ServiceName Service = new("pricing");
    private static readonly TopicMessage Message = new("key-1", [1, 2, 3], new Dictionary<string, string> { ["h"] = "v" }, DateTimeOffset.UnixEpoch.AddTicks(123456789));
    private static readonly TopicSpec Spec = new(Topic, 8, TimeSpan.FromDays(7), 1000, 1024, TimeSpan.FromSeconds(30), 5);

    public static TheoryData<string> MessageNames => new(Samples(null!).Keys);

    private static Dictionary<string, object> Samples(IActorRef actor) => new()
    {
        ["Publish"] = new Publish(Topic, [9, 8], "k", new Dictionary<string, string> { ["a"] = "b" }, 42),
        ["PublishKeyless"] = new Publish(Topic, [], null, null, 0),
        ["PublishIdempotent"] = new Publish(Topic, [1], "k", null, 9, Partition: 0, Producer: new ProducerSequence(long.MaxValue, 3, int.MaxValue)),
        ["PublishAck"] = new PublishAck(Topic, 3, 1234567890123, 7),
        ["PublishRejected"] = new PublishRejected(Topic, "too large", 7),
        ["PublishOutOfOrder"] = new PublishRejected(Topic, "gap", 7, PublishError.OutOfOrderSequence, 12),
        ["CreateTopic"] = new CreateTopic(Topic, 4),
        ["CreateTopicDefault"] = new CreateTopic(Topic),
        ["CreateTopicRetention"] = new CreateTopic(Topic, 2, TimeSpan.FromMinutes(5), 1000),
        ["CreateTopicBytesAndOverflow"] = new CreateTopic(Topic, 2, RetentionBytes: 1L << 30, Overflow: OverflowPolicy.DropOldest),
        ["CreateTopicRejectPublish"] = new CreateTopic(Topic, Overflow: OverflowPolicy.RejectPublish),
        ["CreateTopicCompact"] = new CreateTopic(Topic, Cleanup: CleanupPolicy.Compact),
        ["TopicInfoBounded"] = new TopicInfo(Spec with { RetentionBytes = 1L << 30, Overflow = OverflowPolicy.RejectPublish }),
        ["PublishPartitionFull"] = new PublishRejected(Topic, "full", 7, PublishError.PartitionFull),
        ["GetTopic"] = new GetTopic(Topic, true),
        ["TopicInfo"] = new TopicInfo(Spec),
        ["TopicInfoCompacted"] = new TopicInfo(Spec with { Cleanup = CleanupPolicy.DeleteAndCompact }),
        ["TopicNotFound"] = new TopicNotFound(Topic, "nope"),
        ["TopicNotFoundLimit"] = new TopicNotFound(Topic, "too many topics") { Refusal = TopicRefusal.TopicLimit },
        ["ListTopics"] = ListTopics.Instance,
        ["TopicList"] = new TopicList([Spec, Spec with { Name = new TopicName("other") }]),
        ["TopicCreated"] = new TopicCreated(Spec),
        ["WatchTopics"] = new WatchTopics(actor),
        ["Append"] = new Append(Topic, 2, Message, 11),
        ["AppendIdempotent"] = new Append(Topic, 0, Message, 11, new ProducerSequence(5, 0, 0)),
        ["SubscribePartition"] = new SubscribePartition(Topic, 1, Group, actor, 100, 638000000000000000, StartFrom.AtTime(DateTimeOffset.UnixEpoch.AddDays(1))),
        ["PartitionSubscribed"] = new PartitionSubscribed(Topic, 1, Group, 10, 20),
        ["UnsubscribePartition"] = new UnsubscribePartition(Topic, 1, Group, actor),
        ["Delivery"] = new Delivery(Topic, 1, Group, 99, 2, Message),
        ["DeliveryBatch"] = new DeliveryBatch([new Delivery(Topic, 1, Group, 99, 2, Message), new Delivery(Topic, 3, Group, 7, 1, Message with { Key = null })]),
        ["Ack"] = new Ack(Topic, 1, Group, 99),
        ["AckBatch"] = new AckBatch(Topic, 1, Group, [new OffsetRange(99, 3), new OffsetRange(120, 1)]),
        ["OpenConsumerBatched"] = new Actors.Gateway.OpenConsumer(Topic, Group, 100, StartFrom.Latest, actor, Batched: true),
        ["Nack"] = new Nack(Topic, 1, Group, 99, TimeSpan.FromMilliseconds(250)),
        ["AckRejected"] = new AckRejected(Topic, 1, Group, 99, "unknown"),
        ["SeekPartition"] = new SeekPartition(Topic, 1, Group, StartFrom.AtOffset(5)),
        ["AppendBatch"] = new AppendBatch(Topic, 2, [Message, Message with { Key = null, CreateTime = DateTimeOffset.UnixEpoch.AddMilliseconds(5) }], 11),
        ["AppendBatchIdempotent"] = new AppendBatch(Topic, 0, [Message], 11, new ProducerSequence(5, 2, 40)),
        ["PublishBatch"] = new PublishBatch(Topic, 2, [new BatchedPublish(Message, 11, new ProducerSequence(5, 2, 40)), new BatchedPublish(Message with { Key = null }, 12, null)]),
        ["PublishConfirms"] = new PublishConfirms(Topic, 2, [new ConfirmRange(11, 70, 3), new ConfirmRange(20, 73, 1)]),
        ["BatchAppended"] = new BatchAppended(Topic, 2, 77, 11),
        ["BatchAppendedOld"] = new BatchAppended(Topic, 2, -1, 11),
        ["ReadPartition"] = new ReadPartition(Topic, 1, 10, 1024 * 1024, 1, TimeSpan.FromMilliseconds(500)),
        ["PartitionRead"] = new PartitionRead(Topic, 1, 3, 12, [new StoredMessage(10, Message), new StoredMessage(11, Message with { CreateTime = DateTimeOffset.UnixEpoch.AddDays(3) })]),
        ["PartitionReadOutOfRange"] = new PartitionRead(Topic, 1, 3, 12, [], OutOfRange: true),
        ["GetPartitionOffsets"] = new GetPartitionOffsets(Topic, 1),
        ["GetPartitionOffsetsAtEpoch"] = new GetPartitionOffsets(Topic, 1, 0),
        ["PartitionOffsets"] = new PartitionOffsets(Topic, 1, 0, 9),
        ["PartitionOffsetsAtTime"] = new PartitionOffsets(Topic, 1, 0, 9, 0, 1700000000000),
        ["GetPartitionStatus"] = new GetPartitionStatus(Topic, 1),
        ["PartitionStatus"] = new PartitionStatus(Topic, 1, 5, 50, [new GroupStatus(Group, 7, 3, true)]),
        ["PartitionStatusRecovered"] = new PartitionStatus(Topic, 1, 5, 50, [], RecoveredEvents: 12),
        ["PartitionStatusDropped"] = new PartitionStatus(Topic, 1, 5, 50, [new GroupStatus(Group, 7, 3, true, Dropped: 5)], RetainedBytes: 9000),
        ["PartitionSnapshot"] = new PartitionSnapshot(3, 900, DateTimeOffset.UnixEpoch.AddDays(2),
            [new PageRange(3, 499, 2, 40, DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch.AddDays(1.5), 262144), new PageRange(500, 899, 41, 77, DateTimeOffset.UnixEpoch.AddDays(1.5), DateTimeOffset.UnixEpoch.AddDays(2), 1000)],
            new Dictionary<string, long> { ["a"] = 4 }, [new ProducerSnapshot(5, 2, [new SequenceRange(0, 3, 4)])]),
        ["MessagesAppended"] = new MessagesAppended(100, [Message, Message with { Key = null }]),
        ["MessagesAppendedByProducers"] = new MessagesAppended(100, [Message, Message, Message], [new ProducerRun(0, 5, 1, 7, 2), new ProducerRun(2, 6, 0, 0, 1)]),
        ["GroupsCommitted"] = new GroupsCommitted(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }),
        ["GroupsCommittedDropped"] = new GroupsCommitted(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }, new Dictionary<string, long> { ["b"] = 40 }),
        ["PartitionCheckpointDropped"] = new PartitionCheckpoint(3, 9, new Dictionary<string, long> { ["a"] = 4 }, [], new Dictionary<string, long> { ["a"] = 3 }),
        ["PartitionSnapshotDropped"] = new PartitionSnapshot(3, 900, DateTimeOffset.UnixEpoch.AddDays(2), [], new Dictionary<string, long> { ["a"] = 4 }, [],
            new Dictionary<string, long> { ["a"] = 3 }, FirstPageDroppedBytes: 2048),
        ["MessagesCompacted"] = new MessagesCompacted(0, 99, [new StoredMessage(7, Message), new StoredMessage(42, Message with { Key = null }), new StoredMessage(99, Message with { Payload = [] })]),
        ["PartitionSnapshotCompacted"] = new PartitionSnapshot(3, 900, DateTimeOffset.UnixEpoch.AddDays(2), [], new Dictionary<string, long>(), [],
            CleanEnd: 500, OldestTombstone: DateTimeOffset.UnixEpoch.AddDays(1)),
        ["PartitionCheckpoint"] = new PartitionCheckpoint(3, 9, new Dictionary<string, long> { ["a"] = 4 }),
        ["PartitionCheckpointWithProducers"] = new PartitionCheckpoint(3, 9, new Dictionary<string, long>(),
            [new ProducerSnapshot(5, 2, [new SequenceRange(0, 3, 4), new SequenceRange(4, 8, 1)])]),
        ["JoinGroup"] = new JoinGroup(Topic, Group, actor, 12),
        ["LeaveGroup"] = new LeaveGroup(Topic, Group, actor),
        ["GroupAssignment"] = new GroupAssignment(Topic, Group, 12, [0, 3, 5]),
        ["GroupGenerationIssued"] = new GroupGenerationIssued(13),
        ["RegisterRoutee"] = new RegisterRoutee(Service, actor),
        ["RouteeRegistered"] = new RouteeRegistered(Service, actor),
        ["DeregisterRoutee"] = new DeregisterRoutee(Service, actor),
        ["RouteeSnapshot"] = new RouteeSnapshot(new Address("akka.tcp", "actors", "10.0.0.1", 4053), 638000000000000001,
            [new ServiceRoutees(Service, [actor, actor]), new ServiceRoutees(new ServiceName("audit"), [])]),
        ["RouteeSnapshotRequest"] = RouteeSnapshotRequest.Instance,
        ["ListGateways"] = Gateway.ListGateways.Instance,
        ["GatewayList"] = new Gateway.GatewayList(["akka.tcp://actors@10.0.0.1:4053", "akka.tcp://actors@10.0.0.2:4053"]),
        ["PublishDenied"] = new PublishRejected(Topic, "not authorized", 8, PublishError.Denied),
        ["Login"] = new Gateway.Login("alice", "secret", actor),
        ["LoggedIn"] = new Gateway.LoggedIn(actor, "alice"),
        ["LoginRefused"] = new Gateway.LoginRefused("wrong user name or password"),
        ["PutUser"] = new Actors.Security.PutUser(User, OnlyIfMissing: true),
        ["RemoveUser"] = new Actors.Security.RemoveUser("alice"),
        ["AddAcl"] = new Actors.Security.AddAcl(Acl),
        ["RemoveAcl"] = new Actors.Security.RemoveAcl(Acl),
        ["ListSecurity"] = Actors.Security.ListSecurity.Instance,
        ["SecurityListing"] = new Actors.Security.SecurityListing([new Actors.Security.UserSummary("alice", ["SCRAM-SHA-256", "SCRAM-SHA-512"])], [Acl]),
        ["SecurityCommandDone"] = new Actors.Security.SecurityCommandDone("user 'alice' added"),
        ["SecurityCommandRefused"] = new Actors.Security.SecurityCommandRefused("no such user"),
        ["WatchSecurity"] = new Actors.Security.WatchSecurity(actor, 4),
        ["SecuritySnapshot"] = new Actors.Security.SecuritySnapshot([User], [Acl, Acl with { Principal = "*" }], 12),
        ["UserPut"] = new Actors.Security.UserPut(User),
        ["UserRemoved"] = new Actors.Security.UserRemoved("alice"),
        ["AclAdded"] = new Actors.Security.AclAdded(Acl),
        ["AclRemoved"] = new Actors.Security.AclRemoved(Acl),
    };

    private static readonly Actors.Security.UserRecord User = Actors.Security.UserRecord.Create("alice", "secret", iterations: 16);
    private static readonly Actors.Security.AclEntry Acl = new("alice", Actors.Security.AclPermission.Consume, Actors.Security.AclResource.Group, "billing-*");

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Should_round_trip_every_wire_message_through_protobuf(string name)
    {
        // arrange
        var original = Samples(TestActor)[name];
        var serializer = Sys.Serialization.FindSerializerFor(original);

        // act
        var bytes = serializer.ToBinary(original);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        var copy = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        // assert: the same type, and every field survives (re-encoding gives the same bytes)
        Assert.IsType<ActorsSerializer>(serializer);
        Assert.Equal(original.GetType(), copy.GetType());
        Assert.Equal(bytes, serializer.ToBinary(copy));
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Should_write_every_wire_message_after_a_frames_header_and_read_it_from_a_frames_segments(string name)
    {
        // arrange: what a data link does with a message, the bytes it reads arriving in three pieces
        var original = Samples(TestActor)[name];
        var serializer = (ActorsSerializer)Sys.Serialization.FindSerializerFor(original);
        var manifest = serializer.Manifest(original);

        // act
        var framed = serializer.ToBinary(original, headroom: 7);
        var payload = framed.AsMemory(7);
        var inPieces = Pieces(payload, payload.Length / 3, 2 * payload.Length / 3);
        var whole = serializer.FromBinary(new System.Buffers.ReadOnlySequence<byte>(framed, 7, payload.Length), manifest);
        var pieced = serializer.FromBinary(inPieces, manifest);

        // assert: the same bytes after the room left, and the same message read either way
        Assert.Equal(serializer.ToBinary(original), payload.ToArray());
        Assert.Equal(payload.ToArray(), serializer.ToBinary(whole));
        Assert.Equal(payload.ToArray(), serializer.ToBinary(pieced));
    }

    private static System.Buffers.ReadOnlySequence<byte> Pieces(ReadOnlyMemory<byte> bytes, int cut1, int cut2)
    {
        var first = new Piece(bytes[..cut1], 0);
        var last = first.Then(bytes[cut1..cut2]).Then(bytes[cut2..]);
        return new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Piece : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Piece(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory.ToArray();
            RunningIndex = runningIndex;
        }

        public Piece Then(ReadOnlyMemory<byte> memory)
        {
            var next = new Piece(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    [Fact]
    public void Should_keep_the_id_journals_were_written_with_and_never_reuse_a_retired_manifest()
    {
        var serializer = Sys.Serialization.FindSerializerFor(ListTopics.Instance);

        Assert.Equal(7301, serializer.Identifier);
        Assert.Empty(PartitionCodecs.Retired.Intersect(ActorsSerializer.Manifests));
    }

    [Fact]
    public void Should_resolve_actor_refs_in_messages()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new JoinGroup(Topic, Group, TestActor, 1));
        var bytes = serializer.ToBinary(new JoinGroup(Topic, Group, TestActor, 1));

        var copy = (JoinGroup)Sys.Serialization.Deserialize(bytes, serializer.Identifier, "jg");

        Assert.Equal(TestActor, copy.Member);
        Assert.Equal("key-1", ((Delivery)Sys.Serialization.Deserialize(serializer.ToBinary(Samples(TestActor)["Delivery"]), serializer.Identifier, "del")).Message.Key);
    }

    [Fact]
    public void Should_read_a_topic_spec_journaled_before_retention_by_bytes_as_unlimited_and_drop_oldest()
    {
        // arrange: a TopicInfo as nodes wrote it before fields 8 (bytes) and 9 (overflow)
        var serializer = Sys.Serialization.FindSerializerFor(ListTopics.Instance);
        var old = new ProtoWriter().Msg(1, w => w.Str(1, "orders").I64(2, 8).I64(3, TimeSpan.FromDays(7).Ticks).I64(4, 1000)
            .I64(5, 1024).I64(6, TimeSpan.FromSeconds(30).Ticks).I64(7, 5)).ToArray();

        // act
        var spec = ((TopicInfo)Sys.Serialization.Deserialize(old, serializer.Identifier, "ti")).Spec;

        // assert
        Assert.Equal(Spec, spec);
        Assert.Equal((TopicSpec.UnlimitedBytes, OverflowPolicy.DropOldest), (spec.RetentionBytes, spec.Overflow));
    }

    [Fact]
    public void Should_read_commits_and_snapshots_written_before_dropped_counts_as_none_dropped()
    {
        // arrange: the encodings written before the dropped-unread counts and the first page's dropped bytes
        var serializer = Sys.Serialization.FindSerializerFor(ListTopics.Instance);
        var commits = new ProtoWriter().Map(1, new Dictionary<string, long> { ["a"] = 4 }).ToArray();
        var snapshot = new ProtoWriter().I64(1, 3).I64(2, 900).Map(5, new Dictionary<string, long> { ["a"] = 4 }).ToArray();

        // act
        var committed = (GroupsCommitted)Sys.Serialization.Deserialize(commits, serializer.Identifier, "gc");
        var restored = (PartitionSnapshot)Sys.Serialization.Deserialize(snapshot, serializer.Identifier, "psnap");

        // assert
        Assert.Equal(4, committed.Commits["a"]);
        Assert.Empty(committed.Dropped!);
        Assert.Equal((3L, 900L, 4L, 0L), (restored.StartOffset, restored.EndOffset, restored.Commits["a"], restored.FirstPageDroppedBytes));
        Assert.Empty(restored.Dropped!);
    }
}
