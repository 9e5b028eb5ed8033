namespace Actors.KafkaBench;

/// <summary>The command line: <c>--messages N --runs N --payload N --partitions N --linger-ms N</c>, each optional.</summary>
internal sealed record BenchOptions(int Messages, int Runs, int Payload, int Partitions, int LingerMs)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(1_000_000, 3, 100, 8, 5);
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{args[i]} takes a positive number");
            options = args[i] switch
            {
                "--messages" => options with { Messages = Next() },
                "--runs" => options with { Runs = Next() },
                "--payload" => options with { Payload = Next() },
                "--partitions" => options with { Partitions = Next() },
                "--linger-ms" => options with { LingerMs = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}; options: --messages N --runs N --payload N --partitions N --linger-ms N"),
            };
        }

        return options;
    }
}
