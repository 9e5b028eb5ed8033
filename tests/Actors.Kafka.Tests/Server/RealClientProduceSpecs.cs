using Actors.Kafka.Records;

namespace Actors.Kafka.Server;

/// <summary>
/// Real producers through the listener into a capturing handler, one spec per codec: kcat (librdkafka, raw snappy,
/// LZ4 frames, an idempotent producer that first asks InitProducerId) and kafka-python 2.0.2 (xerial-framed snappy,
/// as Java clients write it). Every record arrives with its key, value and header, in order, in batches of the codec
/// asked for.
/// </summary>
public sealed class RealClientProduceSpecs : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly ITestOutputHelper _output;

    public RealClientProduceSpecs(ITestOutputHelper output) : base(output: output) => _output = output;

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Kcat_produces_keyed_records_with_headers_idempotently(string codec)
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        var broker = new CapturingProduceHandler();
        // librdkafka writes record batch v2 only when the broker lists Fetch v4+ as well as Produce v3+ (without
        // Fetch it falls back to magic 1 message sets, which are refused), and compresses with lz4 only when it
        // lists FindCoordinator: what a broker advertises decides what librdkafka sends.
        await using var fixture = new ListenerFixture(Sys.Log, configure: apis => apis
            .Add<ProduceRequest, ProduceResponse>(broker).Add<InitProducerIdRequest, InitProducerIdResponse>(broker)
            .Add<FetchRequest, FetchResponse>((_, _, _) => ValueTask.FromResult(new FetchResponse()))
            .Add<FindCoordinatorRequest, FindCoordinatorResponse>((_, _, _) => ValueTask.FromResult(new FindCoordinatorResponse())));
        var lines = Enumerable.Range(0, 200).Select(i => $"key-{i}:value-{i}-{new string('x', 50)}").ToList();
        var input = Path.Combine(Path.GetTempPath(), $"kcat-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(input, lines);

        // act
        ExternalTool.Result result;
        try
        {
            result = await ExternalTool.RunAsync(kcat,
                ["-P", "-b", fixture.Address, "-t", "orders", "-p", "0", "-K", ":", "-X", $"compression.codec={codec}", "-H", "trace=abc",
                 "-X", "enable.idempotence=true", "-X", "linger.ms=50", "-l", input], Timeout);
        }
        finally
        {
            File.Delete(input);
        }

        _output.WriteLine(result.ToString());

        // assert
        Assert.Equal(0, result.ExitCode);
        var records = broker.Records("orders", 0);
        Assert.Equal(lines, records.Select(r => $"{Text(r.Key)}:{Text(r.Value)}"));
        Assert.All(records, r => Assert.Equal("trace=abc", string.Join(",", r.Headers.Select(h => $"{h.Key}={Text(h.Value)}"))));
        var batches = broker.Batches.Select(b => b.Batch).ToList();
        Assert.All(batches, b => Assert.Equal(Enum.Parse<CompressionType>(codec, ignoreCase: true), b.Compression));
        Assert.All(batches, b => Assert.Equal(1000, b.ProducerId));
        Assert.Equal(0, batches[0].BaseSequence);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Kafka_python_produces_compressed_records_with_headers(string codec)
    {
        // arrange
        var python = ExternalTool.Require("/usr/bin/python3", "python3-kafka python3-snappy python3-lz4 python3-zstandard");
        var broker = new CapturingProduceHandler();
        await using var fixture = new ListenerFixture(Sys.Log, configure: apis => apis.Add<ProduceRequest, ProduceResponse>(broker));
        const string script = """
            import sys
            from kafka import KafkaProducer
            p = KafkaProducer(bootstrap_servers=sys.argv[1], compression_type=sys.argv[2], acks="all", linger_ms=20,
                              request_timeout_ms=30000, api_version_auto_timeout_ms=30000)
            futures = [p.send("orders", key=b"k%d" % i, value=(b"v%d-" % i) + b"y" * 60, headers=[("h", b"%d" % i)], partition=0)
                       for i in range(50)]
            p.flush()
            print("offsets", [f.get(timeout=30).offset for f in futures][-1])
            p.close()
            """;

        // act
        var result = await ExternalTool.RunAsync(python, ["-c", script, fixture.Address, codec], Timeout);
        _output.WriteLine(result.ToString());

        // assert
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("offsets 49", result.Output);
        var records = broker.Records("orders", 0);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"k{i} v{i}-{new string('y', 60)} h={i}"),
            records.Select(r => $"{Text(r.Key)} {Text(r.Value)} {r.Headers[0].Key}={Text(r.Headers[0].Value)}"));
        Assert.All(broker.Batches, b => Assert.Equal(Enum.Parse<CompressionType>(codec, ignoreCase: true), b.Batch.Compression));
    }

    private static string Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : "null";
}
