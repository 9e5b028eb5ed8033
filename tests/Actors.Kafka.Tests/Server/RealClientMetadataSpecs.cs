namespace Actors.Kafka.Server;

/// <summary>
/// Real Kafka clients against a listener that has only the Metadata handler: kcat (librdkafka, which opens with a
/// flexible ApiVersions v3 and then asks Metadata) and kafka-python 2.0.2 (which probes with ApiVersions v0 and
/// Metadata v0, then uses Metadata v1) both print the broker list and topics the handler was given.
/// </summary>
public sealed class RealClientMetadataSpecs : TestKit
{
    private readonly ITestOutputHelper _output;

    public RealClientMetadataSpecs(ITestOutputHelper output) : base(output: output) => _output = output;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Kcat_lists_the_brokers_and_topics_the_handler_gives()
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        await using var fixture = new ListenerFixture(Sys.Log);

        // act
        var result = await ExternalTool.RunAsync(kcat, ["-L", "-b", fixture.Address, "-m", "30"], Timeout);
        _output.WriteLine(result.ToString());

        // assert
        Assert.Equal(0, result.ExitCode);
        var port = fixture.Listener.LocalEndPoint.Port;
        Assert.Contains(" 2 brokers:", result.Output);
        Assert.Contains($"broker 1 at 127.0.0.1:{port} (controller)", result.Output);
        Assert.Contains($"broker 2 at 127.0.0.1:{port + 1}", result.Output);
        Assert.Contains("topic \"orders\" with 2 partitions:", result.Output);
        Assert.Contains("partition 1, leader 2, replicas: 2, isrs: 2", result.Output);
        Assert.Contains("topic \"audit\" with 1 partitions:", result.Output);
    }

    [Fact]
    public async Task Kafka_python_reads_the_brokers_and_topics_the_handler_gives()
    {
        // arrange
        var python = ExternalTool.Require("/usr/bin/python3", "python3-kafka");
        await using var fixture = new ListenerFixture(Sys.Log);
        const string script = """
            import sys
            from kafka import KafkaConsumer
            c = KafkaConsumer(bootstrap_servers=sys.argv[1], request_timeout_ms=30000, api_version_auto_timeout_ms=30000)
            print("topics", sorted(c.topics()))
            print("brokers", sorted((b.nodeId, b.host, b.port) for b in c._client.cluster.brokers()))
            print("orders", sorted(c.partitions_for_topic("orders")))
            print("api", c.config["api_version"])
            c.close()
            """;

        // act
        var result = await ExternalTool.RunAsync(python, ["-c", script, fixture.Address], Timeout);
        _output.WriteLine(result.ToString());

        // assert
        Assert.Equal(0, result.ExitCode);
        var port = fixture.Listener.LocalEndPoint.Port;
        Assert.Contains("topics ['audit', 'orders']", result.Output);
        Assert.Contains($"brokers [(1, '127.0.0.1', {port}), (2, '127.0.0.1', {port + 1})]", result.Output);
        Assert.Contains("orders [0, 1]", result.Output);
    }
}
