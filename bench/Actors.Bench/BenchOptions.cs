using System.Globalization;

namespace Actors.Bench;

/// <summary>
/// The harness's command line: <c>topics [--runs N] [--messages N] [--window N] [--partitions N]
/// [--prefetch N] [--payload N] [--only a,b] [--hocon "key = value"]</c> (<c>--hocon</c> goes on top of
/// every broker node's configuration, e.g. to try journal settings). Every value has a default that keeps one full
/// invocation within a few minutes on a 2-core machine.
/// </summary>
public sealed record BenchOptions(int Runs, int Messages, int Window, int Partitions, int Prefetch, int PayloadBytes, IReadOnlySet<string>? Only, string Hocon = "")
{
    public static BenchOptions Default { get; } = new(Runs: 5, Messages: 100_000, Window: 2_000, Partitions: 8, Prefetch: 500, PayloadBytes: 100, Only: null);

    /// <summary>Messages of the warm-up run of each scenario (not reported).</summary>
    public int WarmupMessages => Math.Min(Messages, 20_000);

    /// <summary>Whether a scenario group (<c>tell</c>, <c>sqlite</c>, <c>memory</c>, <c>cluster</c>, <c>cluster-memory</c>) should run.</summary>
    public bool Includes(string group) => Only is null || Only.Contains(group);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != "topics")
            throw new ArgumentException("usage: topics [--runs N] [--messages N] [--window N] [--partitions N] [--prefetch N] [--payload N] [--only tell,sqlite,memory,cluster,cluster-memory] [--hocon \"key = value\"]");
        var options = Default;
        for (var i = 1; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count) throw new ArgumentException($"missing value after {args[i]}");
            var value = args[i + 1];
            options = args[i] switch
            {
                "--runs" => options with { Runs = Positive(value) },
                "--messages" => options with { Messages = Positive(value) },
                "--window" => options with { Window = Positive(value) },
                "--partitions" => options with { Partitions = Positive(value) },
                "--prefetch" => options with { Prefetch = Positive(value) },
                "--payload" => options with { PayloadBytes = Math.Max(Positive(value), 8) },
                "--hocon" => options with { Hocon = options.Hocon + "\n" + value },
                "--only" => options with { Only = value.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }

    private static int Positive(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"expected a positive integer, got '{value}'");
}
