using System.Net.Sockets;
using System.Net;
using Actors.Consumers;
using Actors.Hocon;
using Actors.Partitions;
using Actors.Streams.Pipelines;
using Actors.Topics;

namespace Actors.Streams.Tests.Pipelines;

public sealed class PipelineDefinitionSpecs(ITestOutputHelper output) : StreamsSpec(output), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-pipelines-").FullName;

    [Theory]
    [InlineData("stages = [ { type = split }, { type = sort } ]", 4, "unknown stage type 'sort'; expected one of split, lowercase")]
    [InlineData("stages = [ { type = split }, { type = count }, { type = top }, { type = format } ]", 4, "'top' needs the setting 'n'")]
    [InlineData("stages = [ { type = split, seperator = \",\" } ]", 4, "'split' has no setting 'seperator'; expected separator")]
    [InlineData("stages = [ { type = split }, { type = count } ]", 5, "sink 'stdout' takes text but 'count' gives counts; expected a step that takes counts")]
    [InlineData("stages = [ { type = top, n = 3 } ]", 4, "stage 'top' takes counts but 'file' gives text")]
    [InlineData("stages = [ { type = split ]", 4, "")]
    public void Should_name_the_file_and_line_of_what_is_wrong(string stages, int line, string problem)
    {
        // arrange: line 4 holds the stages, line 5 the sink
        var text = $"pipeline {{\n  name = bad\n  source {{ type = file, path = \"in.txt\" }}\n  {stages}\n  sink {{ type = stdout }}\n}}\n";

        // act
        var error = Assert.ThrowsAny<HoconException>(() => PipelineDefinition.Parse(text, "bad.conf"));

        // assert: one line, FILE:LINE:COLUMN: problem
        Assert.StartsWith($"bad.conf:{line}:", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_report_an_ill_typed_setting_with_its_line_when_built()
    {
        var pipeline = PipelineDefinition.Parse("pipeline {\n source { type = file, path = x }\n stages = [ { type = split }, { type = count }, { type = top,\n n = many }, { type = format } ]\n sink { type = stdout }\n}", "typed.conf");

        var error = Assert.ThrowsAny<HoconException>(() => pipeline.Build(Sys));

        Assert.StartsWith("typed.conf:4:", error.Message);
        Assert.Contains("'n' must be an integer", error.Message);
    }

    [Fact]
    public async Task Should_count_words_of_a_file_exactly()
    {
        // arrange: word i appears i times, in shuffled lines
        var input = Path.Combine(_folder, "words.txt");
        var words = Enumerable.Range(1, 30).SelectMany(i => Enumerable.Repeat($"w{i}", i)).OrderBy(w => w.GetHashCode()).ToList();
        await File.WriteAllLinesAsync(input, words.Chunk(7).Select(c => string.Join(" ", c)));
        var result = Path.Combine(_folder, "top.txt");
        var text = $$"""
            pipeline {
              source { type = file, path = "{{input}}" }
              stages = [ { type = split }, { type = count }, { type = top, n = 3 }, { type = format } ]
              sink { type = file, path = "{{result}}" }
            }
            """;

        // act
        await PipelineDefinition.Parse(text, "wc.conf").Build(Sys).Run(Materializer).WaitAsync(Wait);

        // assert
        Assert.Equal(["w30 30", "w29 29", "w28 28"], await File.ReadAllLinesAsync(result));
    }

    [Fact]
    public async Task Should_count_lines_from_tcp_per_window_into_a_topic()
    {
        // arrange: the tcp-counts example on a free port
        var port = FreePort.Next();
        var example = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "hocon", "pipelines", "tcp-counts.conf"));
        var pipeline = PipelineDefinition.Parse(example.Replace("port = 7070", $"port = {port}", StringComparison.Ordinal), "tcp-counts.conf");
        var run = pipeline.Build(Sys).Run(Materializer);

        // act: a plain socket client writes lines
        await AwaitAssertAsync(async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            await client.GetStream().WriteAsync("apple\npear\napple\n"u8.ToArray());
        }, Wait, TimeSpan.FromMilliseconds(100));

        // assert: the windows' counts add up per line (the lines may straddle a window boundary)
        var totals = new Dictionary<string, long>();
        var consumed = TopicSource.Plain(Sys, new ConsumerSettings(new TopicName("line-counts"), new GroupName("check"), 100, StartFrom.Earliest))
            .Select(m => System.Text.Encoding.UTF8.GetString(m.Payload).Split(' '))
            .RunForeach(f => TestActor.Tell((f[0], long.Parse(f[1]))), Materializer);
        var deadline = DateTime.UtcNow + Wait;
        while (totals.GetValueOrDefault("apple") < 2 || totals.GetValueOrDefault("pear") < 1)
        {
            // Neither stream ends while counts are due: if one does, its reason is the failure, not a timeout.
            Assert.False(run.IsCompleted, $"the pipeline ended: {run.Exception?.GetBaseException().Message ?? "completed"}");
            Assert.False(consumed.IsCompleted, $"the consumer ended: {consumed.Exception?.GetBaseException().Message ?? "completed"}");
            Assert.True(DateTime.UtcNow < deadline, $"no counts for apple 2 and pear 1 within {Wait.TotalSeconds} s; got {string.Join(", ", totals)}");
            if (ReceiveOne(TimeSpan.FromMilliseconds(500)) is (string word, long count))
                totals[word] = totals.GetValueOrDefault(word) + count;
        }

        Assert.Equal(new Dictionary<string, long> { ["apple"] = 2, ["pear"] = 1 }, totals);
    }

    public new void Dispose()
    {
        base.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
