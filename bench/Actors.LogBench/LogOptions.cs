namespace Actors.LogBench;

/// <summary>
/// The command line: <c>--messages N --partitions N --payload N --in-flight N --retention-messages N --retention-run N
/// --rss-limit MiB --postgres CONNECTION --hocon "k = v"</c>, each optional (<c>--hocon</c> repeatable: node settings to try). Anything else is a one-line error (exit 2).
/// </summary>
internal sealed record LogOptions(long Messages, int Partitions, int Payload, int InFlight, long RetentionMessages, long RetentionRun,
    double RssLimitMiB, string? Postgres, IReadOnlyList<string> Hocon)
{
    public const string Usage = "options: --messages N --partitions N --payload N --in-flight N --retention-messages N --retention-run N --rss-limit MiB "
                                + "--postgres CONNECTION-STRING --hocon \"key = value\" (repeatable)";

    /// <summary>The message count at which the node's RSS is compared with its RSS at the end (1M against 10M by default).</summary>
    public long CompareAt => Math.Max(1, Messages / 10);

    public static LogOptions Parse(string[] args)
    {
        var options = new LogOptions(10_000_000, 8, 100, 4_000, 100_000, 1_000_000, 400, null, []);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value; {Usage}");
            long Number() => long.TryParse(Value().Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{name} takes a positive number, not '{args[i]}'");
            options = name switch
            {
                "--messages" => options with { Messages = Number() },
                "--partitions" => options with { Partitions = (int)Math.Min(Number(), 1000) },
                "--payload" => options with { Payload = (int)Math.Clamp(Number(), 16, 1 << 20) },
                "--in-flight" => options with { InFlight = (int)Math.Min(Number(), 100_000) },
                "--retention-messages" => options with { RetentionMessages = Number() },
                "--retention-run" => options with { RetentionRun = Number() },
                "--rss-limit" => options with { RssLimitMiB = Number() },
                "--postgres" => options with { Postgres = Value() },
                "--hocon" => options with { Hocon = [.. options.Hocon, Value()] },
                _ => throw new ArgumentException($"unknown option '{name}'; {Usage}"),
            };
        }

        return options;
    }
}
