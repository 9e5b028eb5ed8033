namespace Actors.Faults;

/// <summary>Prints the suite's figures, and at the end stops the nodes.</summary>
internal static class ResultPrinter
{
    public static void Print(FaultReport report, FaultCluster cluster, CliPublisher publisher, FaultCases cases, int stored)
    {
        Console.WriteLine();
        foreach (var result in cases.Results.OrderBy(r => r.Case))
            Console.WriteLine($"case {result.Case}  {result.What}, at message {result.AtMessage:N0}: {FaultCases.Describe(result)}");
        if (publisher.Restarts.Count > 0) Console.WriteLine("`actors publish` failed, and was started again from the line it named:");
        foreach (var restart in publisher.Restarts) Console.WriteLine($"  {restart}");
        foreach (var exit in cases.UnexpectedExits) Console.WriteLine($"unexpected: {exit}");
        Console.WriteLine();
        Row("confirmed", report.Confirmed, "lines `actors publish` confirmed: all it read when it exited 0, those before the line it named when it failed");
        Row("lost", report.Lost, "confirmed but not read back");
        Row("duplicates", report.Duplicates, "stored copies beyond the first");
        Row("order violations", report.OrderViolations, "stored after a later message of the same key");
        Row("unconfirmed stored", report.UnconfirmedStored, "sent without a confirm, stored anyway");
        Row("read back", stored, "stored messages read with a new consumer group");
        if (report.Foreign > 0) Row("foreign", report.Foreign, "messages in the topic that are not the workload's");
        Row("publisher restarts", publisher.Restarts.Count, "times `actors publish` failed and was started again from the line it named");
        Row("unexpected exits", cases.UnexpectedExits.Count, "nodes that exited when no case made them (then restarted)");
        var (stallAt, stallMessage) = publisher.LongestStallStart;
        Console.WriteLine($"{"longest stall",-20}{publisher.LongestStall.TotalSeconds,10:0.0} s  longest time the publisher took no new message " +
                          $"(from {stallAt.TotalSeconds:0.0} s, message {stallMessage:N0})");
        if (publisher.LongestStall >= LongStall) PrintNodeLines(cluster, stallAt, stallAt + publisher.LongestStall);
        var removals = cases.Results.OrderBy(r => r.Case)
            .Select(r => $"{r.Case} {(r.RemovedAfter is { } t ? $"{t.TotalSeconds:0.0} s" : "-")}");
        Console.WriteLine($"{"time to remove",-20}{string.Join(", ", removals)}  (from the fault to the others' 'member removed')");
        foreach (var example in report.Examples) Console.WriteLine($"  {example}");
        Console.WriteLine(report.Passed ? "PASS: nothing lost, per-key order kept" : $"FAIL: {report.Lost} lost, {report.OrderViolations} order violations");
    }

    /// <summary>Stops every node (SIGTERM, then whatever is left is killed on dispose); their logs are in the folder already.</summary>
    public static async Task StopAsync(FaultCluster cluster)
    {
        foreach (var slot in cluster.Slots.Where(s => s.Running)) slot.Process!.Terminate();
        foreach (var slot in cluster.Slots) await slot.Process!.WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>A stall this long is worth explaining: the nodes' warnings and errors while it lasted are printed.</summary>
    private static readonly TimeSpan LongStall = TimeSpan.FromSeconds(25);

    private const int MostStallLines = 60;

    /// <summary>
    /// What the nodes warned of while the publisher took nothing new: a long stall that passes still leaves a trace in
    /// the suite's output, where CI keeps it (the node logs themselves are deleted with a passing run's folder).
    /// </summary>
    private static void PrintNodeLines(FaultCluster cluster, TimeSpan from, TimeSpan to)
    {
        var lines = cluster.Slots
            .SelectMany(slot => slot.Runs.SelectMany((run, i) => run.LinesBetween(from, to).Select(l => (l.At, Node: $"node {slot.Number}.{i + 1}", l.Line))))
            .Where(l => l.Line.Contains(" warn: ", StringComparison.Ordinal) || l.Line.Contains(" fail: ", StringComparison.Ordinal)
                        || l.Line.Contains(" crit: ", StringComparison.Ordinal))
            .OrderBy(l => l.At)
            .ToList();
        Console.WriteLine($"node warnings and errors during the longest stall ({lines.Count}{(lines.Count > MostStallLines ? $", first {MostStallLines}" : "")}):");
        foreach (var (at, node, line) in lines.Take(MostStallLines))
            Console.WriteLine($"  {at.TotalSeconds,7:0.0} s {node}: {(line.Length > 300 ? line[..300] + "..." : line)}");
    }

    private static void Row(string name, int value, string meaning) => Console.WriteLine($"{name,-20}{value,10:N0}    {meaning}");
}
