using Actors.Kafka.Server;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// kcat (librdkafka) against the edge of an in-process node: it lists the broker and topics, produces keyed lines
/// with a header (idempotently) and reads them all back without a group, in per-key order; a message published
/// natively is read by kcat with its key and header.
/// </summary>
public sealed class EdgeKcatSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly EdgeFixture _edge = new("edge-kcat", output);

    public Task InitializeAsync() => _edge.StartAsync("a");

    public Task DisposeAsync() => _edge.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_list_produce_and_consume_keyed_lines_with_kcat()
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        await Broker.Get(_edge.Nodes[0]).Client.CreateTopicAsync(new TopicName("lines"), 3, EdgeFixture.Wait);
        var lines = Enumerable.Range(0, 1000).Select(i => $"key-{i % 17}:value-{i}").ToList();
        var input = Path.Combine(Path.GetTempPath(), $"kcat-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(input, lines);

        // act
        var listed = await Run(kcat, ["-L", "-b", _edge.Bootstrap]);
        ExternalTool.Result produced;
        try
        {
            produced = await Run(kcat, ["-P", "-b", _edge.Bootstrap, "-t", "lines", "-K", ":", "-H", "trace=abc", "-X", "enable.idempotence=true", "-l", input]);
        }
        finally
        {
            File.Delete(input);
        }

        var consumed = await Run(kcat, ["-C", "-b", _edge.Bootstrap, "-t", "lines", "-o", "beginning", "-e", "-f", "%k:%s:%h\\n"]);

        // assert
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains($"broker {_edge.Edges[0].Self.NodeId} at {_edge.Bootstrap}", listed.Output, StringComparison.Ordinal);
        Assert.Contains("topic \"lines\" with 3 partitions", listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, produced.ExitCode);
        Assert.Equal(0, consumed.ExitCode);
        var read = consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(1000, read.Count);
        Assert.All(read, l => Assert.EndsWith(":trace=abc", l, StringComparison.Ordinal));
        var pairs = read.Select(l => l[..l.LastIndexOf(':')]).ToList();
        Assert.Equal(lines.Order(), pairs.Order());
        foreach (var key in lines.Select(l => l.Split(':')[0]).Distinct())
            Assert.Equal(lines.Where(l => l.StartsWith(key + ":", StringComparison.Ordinal)), pairs.Where(l => l.StartsWith(key + ":", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Should_store_what_kcat_produces_compressed_and_read_it_back(string codec)
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        var lines = Enumerable.Range(0, 300).Select(i => $"k{i % 5}:{codec}-{i}-{new string('z', 40)}").ToList();
        var input = Path.Combine(Path.GetTempPath(), $"kcat-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(input, lines);

        // act
        ExternalTool.Result produced;
        try
        {
            produced = await Run(kcat, ["-P", "-b", _edge.Bootstrap, "-t", codec, "-K", ":", "-X", $"compression.codec={codec}", "-X", "enable.idempotence=true", "-l", input]);
        }
        finally
        {
            File.Delete(input);
        }

        var consumed = await Run(kcat, ["-C", "-b", _edge.Bootstrap, "-t", codec, "-o", "beginning", "-e", "-q", "-f", "%k:%s\n"]);

        // assert
        Assert.Equal(0, produced.ExitCode);
        Assert.Equal(lines.Order(), consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task Should_let_kcat_read_a_natively_published_message_with_its_key_and_header()
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        var client = Broker.Get(_edge.Nodes[0]).Client;
        await client.CreateTopicAsync(new TopicName("native"), 1, EdgeFixture.Wait);
        await client.PublishAsync(new TopicName("native"), Encoding.UTF8.GetBytes("hello"), "the-key", new Dictionary<string, string> { ["h"] = "v" });

        // act
        var consumed = await Run(kcat, ["-C", "-b", _edge.Bootstrap, "-t", "native", "-o", "beginning", "-e", "-f", "%k|%s|%h|%o\\n"]);

        // assert
        Assert.Equal(0, consumed.ExitCode);
        Assert.Equal("the-key|hello|h=v|0", consumed.Output.Trim());
    }

    private async Task<ExternalTool.Result> Run(string program, string[] arguments)
    {
        var result = await ExternalTool.RunAsync(program, arguments, Timeout);
        output.WriteLine($"{program} {string.Join(' ', arguments)}\n{result}");
        return result;
    }
}
