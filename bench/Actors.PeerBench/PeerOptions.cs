namespace Actors.PeerBench;

/// <summary>
/// The command line: <c>--messages N --rounds N --warmup N --payload N --in-flight N --prefetch N --partitions N
/// --linger-ms N --only a,b --round-robin --remoting</c>, each optional (<c>--warmup 0</c>: none; without it, as many as
/// <c>--messages</c>; <c>--round-robin</c>: the native client spreads its keyless publishes round robin instead of
/// sticking to a partition per batch; <c>--remoting</c>: it publishes over Akka.Remote, without its data link). Anything else is a one-line error (exit 2).
/// </summary>
internal sealed record PeerOptions(int Messages, int Rounds, int Payload, int InFlight, int Prefetch, int Partitions, int LingerMs,
    IReadOnlyList<string> Only, int? Warmup = null, bool RoundRobin = false, bool Remoting = false)
{
    public const string Usage = "options: --messages N --rounds N --warmup N --payload N --in-flight N --prefetch N --partitions N --linger-ms N --round-robin --remoting --only "
                                + "rabbitmq,nats,native,kafka";

    /// <summary>
    /// Messages of the untimed round 0: a whole round unless told. With 20,000 the targets were still warming up through
    /// the timed rounds (a fresh node's JIT works for tens of seconds under load), so the medians mixed start-up in.
    /// </summary>
    public int WarmupMessages => Warmup ?? Messages;

    /// <summary>The targets in the order every round runs them.</summary>
    public static readonly IReadOnlyList<string> Targets = ["rabbitmq", "nats", "native", "kafka"];

    public static PeerOptions Parse(string[] args)
    {
        var options = new PeerOptions(200_000, 3, 100, 1000, 1000, 8, 5, Targets);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value; {Usage}");
            int Number() => int.TryParse(Value(), CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{name} takes a positive number, not '{args[i]}'");
            int Count() => int.TryParse(Value(), CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"{name} takes a number (0 for none), not '{args[i]}'");
            options = name switch
            {
                "--messages" => options with { Messages = Number() },
                "--rounds" => options with { Rounds = Number() },
                "--warmup" => options with { Warmup = Count() },
                "--payload" => options with { Payload = Number() },
                "--in-flight" => options with { InFlight = Number() },
                "--prefetch" => options with { Prefetch = Math.Min(Number(), ushort.MaxValue) },
                "--partitions" => options with { Partitions = Number() },
                "--linger-ms" => options with { LingerMs = Count() },
                "--only" => options with { Only = ParseOnly(Value()) },
                "--round-robin" => options with { RoundRobin = true },
                "--remoting" => options with { Remoting = true },
                _ => throw new ArgumentException($"unknown option '{name}'; {Usage}"),
            };
        }

        return options;
    }

    /// <summary>Per-partition credits of the Actors consumer, so that all partitions together allow about <see cref="Prefetch"/> un-acked.</summary>
    public int ActorsPrefetch => Math.Max(1, (Prefetch + Partitions - 1) / Partitions);

    private static List<string> ParseOnly(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var unknown = names.FirstOrDefault(n => !Targets.Contains(n));
        if (unknown is not null || names.Count == 0)
            throw new ArgumentException($"--only takes some of {string.Join(",", Targets)}, not '{value}'");
        return Targets.Where(names.Contains).ToList();
    }
}
