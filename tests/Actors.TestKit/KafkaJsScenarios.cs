using System.Globalization;
using Xunit;

namespace Actors.Testing;

/// <summary>
/// The kafkajs scenarios of issue 11, against any Kafka bootstrap address (a node process, or an in-process edge
/// that serves the group APIs): keyed messages produced with acks=-1 and read by a consumer group whose second
/// member joins half-way (a rebalance); and an idempotent producer. Each step waits on what the clients print.
/// </summary>
public static class KafkaJsScenarios
{
    private const int Keys = 7;

    /// <summary>
    /// Creates a topic of four partitions and produces 600 keyed messages; member <c>a</c> of a group reads them
    /// all; member <c>b</c> joins and the group rebalances (each gets a disjoint share of the four partitions); 600
    /// more are produced and read, each exactly once, by the member owning its partition, in order per key.
    /// </summary>
    public static async Task ProduceAndConsumeWithTwoMembersAsync(string bootstrap, string topic, ITestOutputHelper output, TimeSpan wait)
    {
        // arrange
        var (node, produce) = KafkaJs.Require("produce.js");
        var (_, consume) = KafkaJs.Require("consume.js");
        var group = topic + "-group";

        // act: the first half, then member a alone reads it all
        await RunAsync(node, [produce, bootstrap, topic, "600", "--partitions", "4", "--keys", $"{Keys}"], output, wait, "acked 600");
        using var a = ClientProcess.Start(node, [consume, bootstrap, topic, group, "a"], output);
        await Poll.Until(() => Running(a) && Assignments(a).LastOrDefault() == "0,1,2,3", wait, "member a assigned all four partitions");
        await Poll.Until(() => Running(a) && Numbers(a).Distinct().Count() == 600, wait, "member a read the first 600 messages");

        // member b joins: both rejoin and split the partitions
        using var b = ClientProcess.Start(node, [consume, bootstrap, topic, group, "b"], output);
        await Poll.Until(() => Running(a) && Running(b) && Split(Assignments(a).LastOrDefault(), Assignments(b).LastOrDefault()), wait,
            "a rebalance giving a and b disjoint, non-empty shares of the four partitions");
        var shareOfA = Assignments(a)[^1];
        var shareOfB = Assignments(b)[^1];

        // the second half goes to whichever member owns its partition
        await RunAsync(node, [produce, bootstrap, topic, "600", "--first", "600", "--keys", $"{Keys}"], output, wait, "acked 600");
        await Poll.Until(() => Running(a) && Running(b) && Numbers(a).Concat(Numbers(b)).Where(n => n >= 600).Distinct().Count() == 600, wait, "the group read the second 600 messages");
        var leftA = await a.CloseInputAsync(wait);
        var leftB = await b.CloseInputAsync(wait);

        // assert: every message read, the second half exactly once, by the member that owns its partition, in key order
        Assert.Equal(0, leftA);
        Assert.Equal(0, leftB);
        Assert.Equal(Enumerable.Range(0, 1200), Numbers(a).Concat(Numbers(b)).Distinct().Order());
        var second = Messages(a).Concat(Messages(b)).Where(m => m.Number >= 600).ToList();
        Assert.Equal(600, second.Count);
        Assert.All(Messages(a).Where(m => m.Number >= 600), m => Assert.Contains($"{m.Partition}", shareOfA.Split(',')));
        Assert.All(Messages(b).Where(m => m.Number >= 600), m => Assert.Contains($"{m.Partition}", shareOfB.Split(',')));
        Assert.Contains(Messages(b), m => m.Number >= 600);
        Assert.All(second, m => Assert.Equal($"k{m.Number % Keys}", m.Key));
        foreach (var member in new[] { a, b })
            foreach (var key in Messages(member).Where(m => m.Number >= 600).GroupBy(m => m.Key))
                Assert.Equal(key.Select(m => m.Number).Order(), key.Select(m => m.Number));
    }

    /// <summary>
    /// An idempotent kafkajs producer (<c>idempotent: true</c>, one request in flight, acks=-1) sends 1000 keyed
    /// messages to a topic of three partitions; returns once it printed every one acknowledged. The caller reads
    /// them back its own way and checks each is there once (<see cref="AssertOncePerKeyInOrder"/>).
    /// </summary>
    public static Task ProduceIdempotentlyAsync(string bootstrap, string topic, ITestOutputHelper output, TimeSpan wait)
    {
        var (node, produce) = KafkaJs.Require("produce.js");
        return RunAsync(node, [produce, bootstrap, topic, "1000", "--partitions", "3", "--idempotent", "--keys", $"{Keys}"], output, wait, "acked 1000");
    }

    /// <summary>Checks lines <c>key value</c> read back: v0..v<paramref name="count"/>-1 once each, each with its key, in order per key.</summary>
    public static void AssertOncePerKeyInOrder(IEnumerable<string> lines, int count)
    {
        var read = lines.Select(l => l.Split(' ')).Select(p => (Key: p[0], Number: int.Parse(p[1][1..], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(Enumerable.Range(0, count), read.Select(r => r.Number).Order());
        Assert.All(read, r => Assert.Equal($"k{r.Number % Keys}", r.Key));
        foreach (var key in read.GroupBy(r => r.Key))
            Assert.Equal(key.Select(r => r.Number).Order(), key.Select(r => r.Number));
    }

    private static async Task RunAsync(string node, string[] arguments, ITestOutputHelper output, TimeSpan wait, string expected)
    {
        var result = await ExternalTool.RunAsync(node, arguments, wait);
        output.WriteLine($"node {string.Join(' ', arguments.Select(Path.GetFileName))}\n{result}");
        Assert.True(result.ExitCode == 0 && result.Output.Contains(expected, StringComparison.Ordinal), $"expected '{expected}':\n{result}");
    }

    /// <summary>True while the member runs; a member that died (a crash kafkajs does not restart from) fails the wait at once, with its last lines.</summary>
    private static bool Running(ClientProcess member) => !member.HasExited
        ? true
        : throw new InvalidOperationException($"a kafkajs consumer exited early:\n{string.Join('\n', member.Lines.TakeLast(10))}");

    private static List<string> Assignments(ClientProcess member) =>
        member.Lines.Where(l => l.StartsWith("assigned ", StringComparison.Ordinal)).Select(l => l.Split(' ').ElementAtOrDefault(2) ?? "").ToList();

    private static bool Split(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b)) return false;
        var left = a.Split(',');
        var right = b.Split(',');
        return !left.Intersect(right).Any() && left.Union(right).Order().SequenceEqual(["0", "1", "2", "3"]);
    }

    private static IEnumerable<(int Partition, string Key, int Number)> Messages(ClientProcess member) =>
        member.Lines.Where(l => l.StartsWith("message ", StringComparison.Ordinal)).Select(l => l.Split(' '))
            .Select(p => (int.Parse(p[1], CultureInfo.InvariantCulture), p[3], int.Parse(p[4][1..], CultureInfo.InvariantCulture)));

    private static IEnumerable<int> Numbers(ClientProcess member) => Messages(member).Select(m => m.Number);
}
