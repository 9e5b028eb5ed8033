using Actors.Streams.Distributed;

namespace Actors.Streams.Tests.Distributed;

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
        new OpenWorkSession("s-2", "lowercase\nsplit\t "),
        new WorkResult(4, null, "work on node failed: FormatException: bad"),
        new WorkBatch([new WorkItem(1, "a"), new WorkItem(5, "b")]),
        new WorkResults([new WorkResult(1, "A", null), new WorkResult(5, null, "failed")]),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Should_write_work_messages_as_protobuf_and_read_them_back(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<StreamsSerializer>(serializer);

        var back = ((StreamsSerializer)serializer).FromBinary(serializer.ToBinary(message), ((StreamsSerializer)serializer).Manifest(message));

        Assert.Equal(Describe(message), Describe(back));
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
