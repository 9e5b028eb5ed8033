using System.Globalization;

namespace Actors.Bench;

/// <summary>
/// The benchmark harness: <c>dotnet run -c Release --project bench/Actors.Bench -- topics --runs 5 --messages 100000</c>.
/// Each scenario gets a warm-up run, then <c>--runs</c> measured runs (each printed), then the medians in one table.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        Console.WriteLine($"Actors.Bench topics: {options.Runs} runs x {options.Messages:N0} messages of {options.PayloadBytes} bytes, window {options.Window}, " +
            $"{options.Partitions} partitions, prefetch {options.Prefetch}; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var results = new List<ScenarioResult>();
        var runner = new ScenarioRunner(options, results);
        await runner.RunAllAsync();

        Console.WriteLine();
        Console.WriteLine(ResultTable.Render(results, results.FirstOrDefault(r => r.Name.StartsWith("baseline", StringComparison.Ordinal))));
        return 0;
    }
}
