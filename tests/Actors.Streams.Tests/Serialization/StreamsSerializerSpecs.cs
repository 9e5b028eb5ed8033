using Actors.Streams.Distributed;
using Actors.Streams.Pipelines.Hosting;
using Actors.Streams.Serialization;

namespace Actors.Streams.Tests.Serialization;

public sealed class StreamsSerializerSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    public static TheoryData<object> Messages() =>
    [
        new OpenWorkSession("s-1"),
        new WorkItem(42, "text"),
        new WorkItem(0, ""),
        new WorkItem(7, new byte[] { 1, 2, 3 }),
        new WorkItem(8, 12345L),
        new WorkResult(3, "done", null),
        new WorkResult(9, new[] { "two", "", "words" }, null),
        new WorkResult(10, Array.Empty<string>(), null),
        new OpenWorkSession("s-2", "stages = [ { \"type\": \"split\", \"separator\": \" \" } ]"),
        new WorkResult(4, null, "work on node failed: FormatException: bad"),
        new WorkBatch([new WorkItem(1, "a"), new WorkItem(5, "b")]),
        new WorkResults([new WorkResult(1, "A", null), new WorkResult(5, null, "failed")]),
    ];

    public static TheoryData<string> PipelineMessageNames => new(PipelineSamples(null!).Keys);

    private static Dictionary<string, object> PipelineSamples(IActorRef actor) => new()
    {
        ["SubmitPipeline"] = new SubmitPipeline("hocon/pipelines/relay.conf", "pipeline { name = relay }"),
        ["PipelineSubmitted"] = new PipelineSubmitted("relay", "akka.tcp://actors@10.0.0.1:4053"),
        ["PipelineSubmittedPending"] = new PipelineSubmitted("relay", ""),
        ["PipelineRejected"] = new PipelineRejected("relay.conf:3:5: unknown stage type 'shuffle'"),
        ["StopPipeline"] = new StopPipeline("relay"),
        ["PipelineStopped"] = new PipelineStopped("relay"),
        ["ListPipelines"] = ListPipelines.Instance,
        ["PipelineList"] = new PipelineList([new PipelineInfo("relay", "akka.tcp://actors@10.0.0.1:4053", 1200, 1199, 412.5, "running", 2),
            new PipelineInfo("counts", "", -1, -1, 0, "pending", 0)]),
        ["RegisterPipelineHost"] = new RegisterPipelineHost(actor, ["relay", "counts"]),
        ["RunPipeline"] = new RunPipeline("relay", "relay.conf", "pipeline { name = relay }"),
        ["CancelPipeline"] = new CancelPipeline("relay"),
        ["GetHostedPipelines"] = GetHostedPipelines.Instance,
        ["PipelineEnded"] = new PipelineEnded("relay", "completed"),
        ["PipelineRecorded"] = new PipelineRecorded("relay", "relay.conf", "pipeline { name = relay }"),
        ["PipelineRemoved"] = new PipelineRemoved("relay"),
        ["PipelineFinished"] = new PipelineFinished("relay", "failed: boom"),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Should_write_work_messages_as_protobuf_and_read_them_back(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<StreamsSerializer>(serializer);

        var back = ((StreamsSerializer)serializer).FromBinary(serializer.ToBinary(message), ((StreamsSerializer)serializer).Manifest(message));

        Assert.Equal(Describe(message), Describe(back));
    }

    [Theory]
    [MemberData(nameof(PipelineMessageNames))]
    public void Should_round_trip_every_pipeline_message_and_event_through_protobuf(string name)
    {
        // arrange
        var original = PipelineSamples(TestActor)[name];
        var serializer = Sys.Serialization.FindSerializerFor(original);

        // act
        var bytes = serializer.ToBinary(original);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        var copy = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        // assert: the streams serializer, the same type, and every field survives (re-encoding gives the same bytes)
        Assert.IsType<StreamsSerializer>(serializer);
        Assert.Equal(StreamsSerializer.Id, serializer.Identifier);
        Assert.Equal(original.GetType(), copy.GetType());
        Assert.Equal(bytes, serializer.ToBinary(copy));
    }

    [Fact]
    public void Should_resolve_the_host_ref_of_a_host_registration()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new RegisterPipelineHost(TestActor, ["relay"]));

        var copy = (RegisterPipelineHost)Sys.Serialization.Deserialize(serializer.ToBinary(new RegisterPipelineHost(TestActor, ["relay"])), serializer.Identifier, "preg");

        Assert.Equal(TestActor, copy.Host);
        Assert.Equal(["relay"], copy.Pipelines);
    }

    private static string Describe(object message) => message switch
    {
        WorkItem { Payload: byte[] bytes } item => $"item {item.Seq} bytes {Convert.ToHexString(bytes)}",
        WorkItem item => $"item {item.Seq} {item.Payload.GetType().Name} {item.Payload}",
        WorkResult { Payload: string[] texts } result => $"result {result.Seq} [{string.Join("|", texts)}] ({texts.Length})",
        WorkBatch batch => string.Join("; ", batch.Items.Select(Describe)),
        WorkResults results => string.Join("; ", results.Results),
        _ => message.ToString()!,
    };
}
