using System.Text;
using Actors.Client;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors publish</c> against one real node process: a message right under <c>actors.topics.max-message-size</c>
/// (1 MiB) goes through end to end and one byte over is refused before it is sent, naming its line; bytes that are
/// not UTF-8 are published, and printed by <c>consume</c>, as they are; <c>--resume-from</c> skips the lines before it; a window of no publishes is
/// refused while parsing.
/// </summary>
public sealed class PublishCommandSpecs : IDisposable
{
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly int _port = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;

    public PublishCommandSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("publish", output, reportLines: 40);
    }

    private string Node => $"127.0.0.1:{_port}";

    [Fact]
    public async Task Should_publish_a_message_just_under_the_size_limit_and_refuse_one_byte_over_with_its_line()
    {
        // arrange
        await StartNodeAsync();
        var large = new string('x', MiB - 16);
        var fits = await WriteBytesAsync("fits.txt", Encoding.ASCII.GetBytes(large + "\n"));
        var over = await WriteBytesAsync("over.txt", Encoding.ASCII.GetBytes($"small\n{new string('y', MiB + 1)}\nnever sent\n"));

        // act
        var published = await RunAsync("publish", "large", "--file", fits);
        var consumed = await RunAsync("consume", "large", "--max", "1");
        var refused = await RunAsync("publish", "limited", "--file", over);

        // assert: the large one arrived whole; the one over the limit stopped the run at its line, after line 1 only
        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Equal(0, consumed.ExitCode);
        Assert.Equal(large + "\n", consumed.Output);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"error: line 2: message of {MiB + 1} bytes is over the limit of 1 MiB\n", refused.Error);
        Assert.Equal(1, await StoredAsync("limited"));
    }

    [Fact]
    public async Task Should_publish_and_consume_lines_that_are_not_utf8_byte_for_byte()
    {
        // arrange: a Latin-1 line, a lone continuation byte, and a valid line, each with a key
        await StartNodeAsync();
        byte[][] payloads = [[0x63, 0x61, 0x66, 0xE9], [0x80, 0x41], "plain"u8.ToArray()];
        var input = await WriteBytesAsync("bytes.txt", [.. payloads.SelectMany(p => "k|"u8.ToArray().Concat(p).Append((byte)'\n'))]);

        // act
        var published = await RunAsync("publish", "raw", "--file", input, "--key-separator", "|");

        // assert
        Assert.True(published.ExitCode == 0, published.Error);
        await using var client = await GatewayClient.ConnectAsync(Node, "actors", Wait);
        var read = new List<byte[]>();
        await foreach (var message in client.ConsumeAsync(new TopicName("raw"), new GroupName("check")))
        {
            Assert.Equal("k", message.Key);
            read.Add(message.Payload);
            message.Ack();
            if (read.Count == payloads.Length) break;
        }

        Assert.Equal(payloads, read);
        var printed = await ConsumeToFileAsync("raw", "--keys", "--max", "3");
        Assert.Equal([.. payloads.SelectMany(p => "k\t"u8.ToArray().Concat(p).Append((byte)'\n'))], printed);
    }

    [Fact]
    public async Task Should_skip_the_lines_before_resume_from()
    {
        await StartNodeAsync();
        var input = await WriteBytesAsync("lines.txt", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, 10).Select(i => $"line{i}\n"))));

        var published = await RunAsync("publish", "resumed", "--file", input, "--resume-from", "8", "--partitions", "1");
        var consumed = await RunAsync("consume", "resumed", "--max", "3");

        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Contains("published 3 messages to resumed", published.Output);
        Assert.Equal("line8\nline9\nline10\n", consumed.Output);
    }

    [Theory]
    [InlineData("--in-flight", "0")]
    [InlineData("--in-flight", "-1")]
    [InlineData("--resume-from", "0")]
    public async Task Should_refuse_a_window_or_start_line_below_one_while_parsing(string option, string value)
    {
        // act: no node listens at 127.0.0.1:1, so a command that went on would report that instead
        var result = await _processes.RunAsync(["publish", "orders", option, value, "--node", "127.0.0.1:1"], Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {option} must be at least 1, was {value} (see `actors publish --help`)\n", result.Error);
    }

    public void Dispose() => _processes.Dispose();

    private async Task StartNodeAsync()
    {
        var node = _processes.Start(["node", "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await node.WaitForLineAsync("member up:", Wait);
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await _processes.RunAsync([.. args, "--node", Node, "--timeout", "60"], Wait);
        _output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode} {result.Error.Trim()}");
        return result;
    }

    /// <summary>
    /// What <c>actors consume</c> printed, as bytes: run under a shell that sends its output to a file, since the
    /// process helpers read output as text (which would turn bytes that are not UTF-8 into replacement characters).
    /// </summary>
    private async Task<byte[]> ConsumeToFileAsync(string topic, params string[] args)
    {
        var file = _processes.Folder.File($"{topic}.out");
        var start = new System.Diagnostics.ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in (string[])["-c", "exec \"$0\" \"$@\" > \"$OUT\"", Path.Combine(AppContext.BaseDirectory, "Actors.Nodes"), "consume", topic, .. args,
                     "--group", "bytes", "--node", Node, "--timeout", "60"])
            start.ArgumentList.Add(arg);
        start.Environment["OUT"] = file;
        start.Environment["ACTORS_KAFKA_PORT"] = "0";
        using var process = System.Diagnostics.Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Wait);
        try
        {
            var error = await process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"consume exited {process.ExitCode}: {error}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        return await File.ReadAllBytesAsync(file);
    }

    private async Task<string> WriteBytesAsync(string name, byte[] content)
    {
        var path = _processes.Folder.File(name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    private async Task<long> StoredAsync(string topic)
    {
        await using var client = await GatewayClient.ConnectAsync(Node, "actors", Wait);
        var status = await client.Topics.GetStatusAsync(new TopicName(topic), Wait);
        return status.Sum(p => p.EndOffset - p.StartOffset);
    }
}
