using System.Buffers.Binary;
using System.Net.Sockets;
using Actors.Gateway;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client.Tests;

/// <summary>
/// The client's data link to its node: publish batches go out on it and their confirms come back on it, a consumer's
/// deliveries come in on it (its acks count, and the member leaves when the consumer does); when it
/// breaks, the producer resends through the gateway (nothing lost, nothing written twice) and the client opens
/// another; a connection without a good token, or with a frame out of bounds, is closed and nothing else is touched (a
/// good one's pings are answered); a link on which the node goes silent is given up;
/// a client with links off stays on remoting.
/// </summary>
public sealed class DataLinkSpecs(NodeFixture node, ITestOutputHelper output) : TestKit(ActorsSettings.DefaultConfig(), output: output), IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_carry_publish_batches_and_their_confirms()
    {
        // arrange
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        var topic = new TopicName("link-carry");
        await client.Topics.CreateTopicAsync(topic, 2);
        var link = client.Switch.Link;
        Assert.NotNull(link);
        Assert.Equal(link.Endpoint, client.DataLinkEndpoint);
        var sender = new Akka.TestKit.TestProbe(client.System, new Akka.TestKit.Xunit2.XunitAssertions());
        var message = new TopicMessage(null, "raw"u8.ToArray(), new Dictionary<string, string>(), DateTimeOffset.UtcNow);

        // act: a batch sent on the link by hand, and a thousand through the client's producer
        Assert.True(link.TrySend(new PublishBatch(topic, 1, [new BatchedPublish(message, 7, null), new BatchedPublish(message, 8, null)]), sender.Ref));
        var confirms = sender.ExpectMsg<PublishConfirms>(Wait);
        var acks = await client.Topics.PublishManyAsync(topic, Enumerable.Range(0, 1000).Select(i => new MessageToPublish([(byte)i], $"k{i}")).ToList(), Wait);

        // assert
        Assert.Equal((topic, 1, 7L, 2), (confirms.Topic, confirms.Partition, confirms.Ranges.Single().FirstCorrelation, confirms.Ranges.Single().Count));
        Assert.Equal(1000, acks.Select(a => (a.Partition, a.Offset)).Distinct().Count());
        var status = await client.Topics.GetStatusAsync(topic);
        Assert.Equal(1002, status.Sum(p => p.EndOffset - p.StartOffset));
        Assert.Same(link, client.Switch.Link);
    }

    [Fact]
    public async Task Should_carry_a_consumers_deliveries_and_take_its_acks()
    {
        // arrange: messages published on the node itself, so only deliveries come in on the client's link
        var topic = new TopicName("link-consume");
        await node.Broker.Client.CreateTopicAsync(topic, 2);
        await node.Broker.Client.PublishManyAsync(topic, Enumerable.Range(0, 300).Select(i => new MessageToPublish([(byte)i], $"k{i}")).ToList(), Wait);
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        var link = client.Switch.Link;
        Assert.NotNull(link);
        var before = link.Received;

        // act: read all, ack each, leave
        var read = await Reading.ReadAsync(client, topic, "link-readers", 300, Wait);

        // assert: the deliveries came on the link (in batches), every ack counted, and the member left the group
        Assert.Equal(300, read.Count);
        // (the answer to the open, and at least a batch from each of the two partitions)
        Assert.InRange(link.Received - before, 3, 301);
        await AwaitAssertAsync(async () =>
        {
            var status = await node.Broker.Client.GetStatusAsync(topic);
            Assert.Equal(300, status.Sum(p => p.Groups.Single(g => g.Group.Value == "link-readers").CommittedOffset));
        }, Wait);
        await AwaitAssertAsync(async () =>
        {
            var group = await client.Topics.DescribeGroupAsync(topic, new GroupName("link-readers"), Wait, CancellationToken.None);
            Assert.Empty(group.Members);
        }, Wait);
    }

    [Fact]
    public async Task Should_resend_through_the_gateway_when_the_link_breaks_and_open_another()
    {
        // arrange
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        var topic = new TopicName("link-break");
        await client.Topics.CreateTopicAsync(topic, 4);
        var first = client.Switch.Link;
        Assert.NotNull(first);

        // act: the link drops while batches are on it
        var publishing = client.Topics.PublishManyAsync(topic, Enumerable.Range(0, 5000).Select(i => new MessageToPublish([(byte)i])).ToList(), Wait);
        first.Break();
        var acks = await publishing;

        // assert: every publish confirmed once, and a new link within the watcher's refresh
        Assert.Equal(5000, acks.Select(a => (a.Partition, a.Offset)).Distinct().Count());
        var status = await client.Topics.GetStatusAsync(topic);
        Assert.Equal(5000, status.Sum(p => p.EndOffset - p.StartOffset));
        await AwaitConditionAsync(() => Task.FromResult(client.Switch.Link is { } next && !ReferenceEquals(next, first)), Wait, TimeSpan.FromMilliseconds(100),
            "the client opens another data link after the first broke");
        Assert.NotNull(client.DataLinkEndpoint);
    }

    [Fact]
    public async Task Should_end_a_consumer_reading_over_a_link_that_breaks_with_a_connection_exception()
    {
        // arrange: a consumer with one message read over the link
        var topic = new TopicName("link-break-consume");
        await node.Broker.Client.PublishManyAsync(topic, [new MessageToPublish("one"u8.ToArray()), new MessageToPublish("two"u8.ToArray())], Wait);
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        var link = client.Switch.Link;
        Assert.NotNull(link);
        await using var reading = client.ConsumeAsync(topic, new GroupName("broken"), cancellationToken: new CancellationTokenSource(Wait).Token).GetAsyncEnumerator();
        Assert.True(await reading.MoveNextAsync());
        reading.Current.Ack();

        // act: the link drops under it
        link.Break();
        var error = await Record.ExceptionAsync(async () =>
        {
            while (await reading.MoveNextAsync()) reading.Current.Ack();
        });

        // assert: the member on the node stopped with the link, and the enumeration says so in one line
        var lost = Assert.IsType<ConnectionException>(error);
        Assert.StartsWith($"the node stopped serving the consumer of {topic}/broken", lost.Message);
    }

    [Fact]
    public async Task Should_close_connections_without_a_good_token_or_with_a_frame_out_of_bounds()
    {
        // arrange
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        var offer = await client.Gateway.Ask<DataLinkOffered>(OpenDataLink.Instance, Wait);
        var wrongToken = new byte[DataLinkWire.TokenLength];
        var huge = new byte[DataLinkWire.HeaderLength];
        BinaryPrimitives.WriteUInt32BigEndian(huge, uint.MaxValue);
        huge[4] = DataLinkWire.Hello;

        // act
        var unknown = await AnswerAsync(offer.Port, DataLinkWire.EncodeHello(wrongToken));
        var tooLong = await AnswerAsync(offer.Port, huge);
        var garbage = await AnswerAsync(offer.Port, "GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        var good = await AnswerAsync(offer.Port, [.. DataLinkWire.EncodeHello(offer.Token), .. DataLinkWire.Empty(DataLinkWire.Ping)]);
        var again = await AnswerAsync(offer.Port, DataLinkWire.EncodeHello(offer.Token));

        // assert: only the offered token, once, is welcomed (and its ping answered); the node serves on
        Assert.Equal([[], [], [], [.. DataLinkWire.EncodeWelcome(), .. DataLinkWire.Empty(DataLinkWire.Pong)], []], new[] { unknown, tooLong, garbage, good, again });
        Assert.Single(await client.Topics.PublishManyAsync(new TopicName("link-after-breach"), [new MessageToPublish("x"u8.ToArray())], Wait));
    }

    [Fact]
    public async Task Should_stay_on_remoting_when_the_client_turns_links_off()
    {
        // arrange
        var off = ConfigurationFactory.ParseString("actors.gateway.data-link.enabled = off");

        // act
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait, off);
        var acks = await client.Topics.PublishManyAsync(new TopicName("link-off"), Enumerable.Range(0, 100).Select(i => new MessageToPublish([(byte)i])).ToList(), Wait);
        var read = await Reading.ReadAsync(client, new TopicName("link-off"), "off", 100, Wait);

        // assert
        Assert.Null(client.DataLinkEndpoint);
        Assert.Equal((100, 100), (acks.Count, read.Count));
    }

    [Fact]
    public async Task Should_give_up_a_link_that_goes_silent()
    {
        // arrange: a "node" that welcomes the link, then reads what comes and never answers
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var token = new byte[DataLinkWire.TokenLength];
        var session = Sys.ActorOf(Props.Create(() => new Offering(new DataLinkOffered(port, token))));
        var pings = 0;
        var silent = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var hello = new byte[DataLinkWire.HeaderLength + DataLinkWire.TokenLength];
            await socket.ReceiveAsync(hello);
            await socket.SendAsync(DataLinkWire.EncodeWelcome());
            var frame = new byte[DataLinkWire.HeaderLength];
            while (await socket.ReceiveAsync(frame) == DataLinkWire.HeaderLength)
                if (frame[4] == DataLinkWire.Ping) Interlocked.Increment(ref pings);
        });
        var lost = new TaskCompletionSource<DataLink>(TaskCreationOptions.RunContinuationsAsynchronously);

        // act
        var link = await DataLink.OpenAsync(Sys, session, "127.0.0.1", null, Wait, closed => lost.TrySetResult(closed), why => Akka.Event.LoggingExtensions.Warning(Sys.Log, "no link: {0}", why));

        // assert: it asked, heard nothing, and gave the link up (whoever held it is told, as at a broken connection)
        Assert.NotNull(link);
        Assert.Same(link, await lost.Task.WaitAsync(Wait));
        Assert.False(link.IsOpen);
        Assert.False(link.TrySend(OpenDataLink.Instance, TestActor));
        await silent.WaitAsync(Wait);
        Assert.True(pings > 0, "the link pinged the silent node before giving it up");
    }

    /// <summary>A session that offers <paramref name="offer"/> to whoever asks for a link.</summary>
    private sealed class Offering : ReceiveActor
    {
        public Offering(DataLinkOffered offer) => Receive<OpenDataLink>(_ => Sender.Tell(offer));
    }

    /// <summary>Everything the node sends back on a new connection after <paramref name="hello"/>, until it closes it (or says nothing more for a while).</summary>
    private static async Task<byte[]> AnswerAsync(int port, byte[] hello)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        await socket.SendAsync(hello);
        var answer = new List<byte>();
        var buffer = new byte[256];
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, quiet.Token);
                if (read == 0) break;
                answer.AddRange(buffer.AsSpan(0, read).ToArray());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            // Still open after a welcome (the link waits for messages), or reset by the node.
        }

        return [.. answer];
    }
}
