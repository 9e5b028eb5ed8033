using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Actors.Testing;

namespace Actors.Nodes.Tests.Kafka;

/// <summary>
/// A real <c>actors node --kafka-port 0</c> process serving real Kafka clients: kcat lists it, produces a thousand
/// keyed lines with a header and reads them back without a group in per-key order; kafka-python produces with
/// acks=all and reads with assign/seek; a message published with <c>actors publish</c> reaches kcat with its key,
/// and one produced by kcat reaches <c>actors consume</c>. A taken Kafka port stops the node at start-up with one line.
/// </summary>
public sealed class KafkaNodeSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly CliProcesses _processes = new("kafka-node", output);

    [Fact]
    public async Task Should_refuse_to_start_on_a_taken_kafka_port_with_one_line()
    {
        // arrange: another process listens on the port
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        // act
        var refused = await _processes.RunAsync(["node", "--port", "0", "--kafka-port", port], Wait);

        // assert
        Assert.Equal($"error: 127.0.0.1:{port} is already in use\n", refused.Error);
        Assert.Equal(2, refused.ExitCode);
    }

    [Fact]
    public async Task Should_start_without_a_kafka_listener_when_off()
    {
        // act
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--kafka-port", "off"], Wait);

        // assert
        Assert.Null(node.KafkaAddress);
    }

    [Fact]
    public async Task Should_serve_kcat_with_keyed_lines_both_ways_with_native_clients()
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--kafka-port", "0"], Wait);
        var kafka = node.KafkaAddress ?? throw new InvalidOperationException("the start line names no Kafka listener");
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        var lines = Enumerable.Range(0, 1000).Select(i => $"key-{i % 13}:line-{i}").ToList();
        var input = await _processes.Folder.WriteAsync("lines.txt", string.Join('\n', lines) + "\n");

        // act
        var listed = await Run(kcat, ["-L", "-b", kafka]);
        var produced = await Run(kcat, ["-P", "-b", kafka, "-t", "kcat-lines", "-K", ":", "-H", "source=kcat", "-X", "enable.idempotence=true", "-l", input]);
        var consumed = await Run(kcat, ["-C", "-b", kafka, "-t", "kcat-lines", "-o", "beginning", "-e", "-q", "-f", "%k:%s:%h\\n"]);
        var native = await _processes.RunAsync(["consume", "kcat-lines", "--keys", "--max", "1000", "--node", node.HostPort, "--timeout", "60"], Wait);
        var one = await _processes.Folder.WriteAsync("one.txt", "native-key:native-payload\n");
        var published = await _processes.RunAsync(["publish", "from-native", "--file", one, "-k", ":", "--quiet", "--node", node.HostPort, "--timeout", "60"], Wait);
        var nativeRead = await Run(kcat, ["-C", "-b", kafka, "-t", "from-native", "-o", "beginning", "-e", "-q", "-f", "%k|%s\\n"]);

        // assert: kcat lists the node as the broker and leader
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains($"at {kafka} (controller)", listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, produced.ExitCode);
        // kcat reads back every line, with its header, in order per key
        var read = consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.All(read, l => Assert.EndsWith(":source=kcat", l, StringComparison.Ordinal));
        var pairs = read.Select(l => l[..l.LastIndexOf(':')]).ToList();
        Assert.Equal(lines.Order(), pairs.Order());
        foreach (var key in Enumerable.Range(0, 13).Select(k => $"key-{k}:"))
            Assert.Equal(lines.Where(l => l.StartsWith(key, StringComparison.Ordinal)), pairs.Where(l => l.StartsWith(key, StringComparison.Ordinal)));
        // the native consumer reads what kcat produced, with its keys
        Assert.True(native.ExitCode == 0, native.Error);
        Assert.Equal(lines.Select(l => l.Replace(':', '\t')).Order(), native.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        // kcat reads what the CLI published, with its key
        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Equal("native-key|native-payload", nativeRead.Output.Trim());
    }

    [Fact]
    public async Task Should_serve_kafka_python_producing_with_acks_all_and_reading_with_assign()
    {
        // arrange
        var python = ExternalTool.Require("/usr/bin/python3", "python3-kafka");
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        var kafka = node.KafkaAddress ?? throw new InvalidOperationException("the start line names no Kafka listener");
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        // kafka-python gives up on a broker whose ApiVersions it has not read within 2 s: too short on a busy test machine.
        const string script = """
            import sys
            from kafka import KafkaProducer, KafkaConsumer, TopicPartition
            servers, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
            p = KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=5, api_version_auto_timeout_ms=30000)
            for i in range(count):
                p.send(topic, key=("k%d" % (i % 7)).encode(), value=("v%d" % i).encode(), headers=[("n", str(i).encode())])
            p.flush(60)
            p.close()
            c = KafkaConsumer(bootstrap_servers=servers, group_id=None, enable_auto_commit=False, consumer_timeout_ms=20000,
                              api_version_auto_timeout_ms=30000)
            parts = [TopicPartition(topic, n) for n in sorted(c.partitions_for_topic(topic))]
            c.assign(parts)
            c.seek_to_beginning(*parts)
            seen = 0
            for m in c:
                print("%s|%s|%s" % (m.key.decode(), m.value.decode(), m.headers[0][1].decode()))
                seen += 1
                if seen == count:
                    break
            c.close()
            """;

        // act
        var result = await Run(python, ["-c", script, kafka, "py-topic", "500"]);

        // assert: every message, its key and header, in order per key
        Assert.True(result.ExitCode == 0, result.ToString());
        var read = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
        Assert.Equal(500, read.Count);
        Assert.All(read, r => Assert.Equal("v" + r[2], r[1]));
        Assert.All(read, r => Assert.Equal($"k{int.Parse(r[2], CultureInfo.InvariantCulture) % 7}", r[0]));
        foreach (var key in read.GroupBy(r => r[0]))
        {
            var numbers = key.Select(r => int.Parse(r[2], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(numbers.Order(), numbers);
        }
    }

    [Fact]
    public async Task Should_serve_a_kafka_python_consumer_group_that_commits_and_resumes()
    {
        // arrange: 300 messages on a node's edge
        var python = ExternalTool.Require("/usr/bin/python3", "python3-kafka");
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        var kafka = node.KafkaAddress ?? throw new InvalidOperationException("the start line names no Kafka listener");
        const string script = """
            import sys
            from kafka import KafkaProducer, KafkaConsumer
            servers, topic, first, count, expect = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
            p = KafkaProducer(bootstrap_servers=servers, acks="all")
            for i in range(first, first + count):
                p.send(topic, key=("k%d" % (i % 5)).encode(), value=("v%d" % i).encode())
            p.flush(60)
            p.close()
            c = KafkaConsumer(topic, bootstrap_servers=servers, group_id="py-group", auto_offset_reset="earliest",
                              enable_auto_commit=False, consumer_timeout_ms=30000)
            seen = []
            for m in c:
                seen.append(m.value.decode())
                if len(seen) == expect:
                    break
            c.commit()
            c.close()
            print(",".join(seen))
            """;

        // act: a member reads all and commits; after 50 more, a new member of the group reads only those
        var first = await Run(python, ["-c", script, kafka, "py-group-topic", "0", "300", "300"]);
        var second = await Run(python, ["-c", script, kafka, "py-group-topic", "300", "50", "50"]);

        // assert
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"v{i}").Order(), first.Output.Trim().Split(',').Order());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(Enumerable.Range(300, 50).Select(i => $"v{i}").Order(), second.Output.Trim().Split(',').Order());
    }

    private async Task<ExternalTool.Result> Run(string program, string[] arguments)
    {
        var result = await ExternalTool.RunAsync(program, arguments, Wait);
        output.WriteLine($"{program} {string.Join(' ', arguments.Select(a => a.Length > 80 ? a[..80] + "..." : a))}\n{result}");
        return result;
    }

    public void Dispose() => _processes.Dispose();
}
