namespace Actors.Faults;

/// <summary>
/// The suite's command line: <c>[--messages N] [--keys N] [--cases a,b,c,d] [--partitions N] [--postgres CONN]
/// [--isolate-seconds N] [--publish-timeout S]</c>. PostgreSQL is used when <c>--postgres</c> or the
/// <c>ACTORS_PG</c> variable gives a connection string; otherwise the three nodes share one SQLite file.
/// </summary>
internal sealed record FaultOptions(int Messages, int Keys, IReadOnlyList<char> Cases, int Partitions, string? Postgres,
    int IsolateSeconds, int? PublishTimeout)
{
    public const string Usage = "usage: Actors.Faults [--messages N] [--keys N] [--cases a,b,c,d] [--partitions N] [--postgres CONNECTION] " +
                                "[--isolate-seconds N] [--publish-timeout SECONDS]";

    public static FaultOptions Parse(IReadOnlyList<string> args)
    {
        var options = new FaultOptions(100_000, 100, ['a', 'b', 'c', 'd'], 8, NullIfEmpty(Environment.GetEnvironmentVariable("ACTORS_PG")), 40, null);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (args[i] is "--help" or "-h") throw new ArgumentException(Usage);
            if (i + 1 >= args.Count) throw new ArgumentException($"missing value after {args[i]}");
            var value = args[i + 1];
            options = args[i] switch
            {
                "--messages" => options with { Messages = Positive(value) },
                "--keys" => options with { Keys = Positive(value) },
                "--partitions" => options with { Partitions = Positive(value) },
                "--cases" => options with { Cases = ParseCases(value) },
                "--postgres" => options with { Postgres = NullIfEmpty(value) },
                "--isolate-seconds" => options with { IsolateSeconds = Positive(value) },
                "--publish-timeout" => options with { PublishTimeout = Positive(value) },
                _ => throw new ArgumentException($"unknown option {args[i]}; {Usage}"),
            };
        }

        if (options.Messages < 10 * options.Keys) throw new ArgumentException("--messages must be at least 10 per key");
        return options;
    }

    private static List<char> ParseCases(string value)
    {
        var cases = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (cases.Count == 0 || cases.Any(c => c.Length != 1 || c[0] is < 'a' or > 'd') || cases.Distinct().Count() != cases.Count)
            throw new ArgumentException($"--cases takes distinct letters a-d separated by commas, got '{value}'");
        return cases.Select(c => c[0]).ToList();
    }

    private static int Positive(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"expected a positive integer, got '{value}'");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
