using System.Text.RegularExpressions;
using Actors.Faults;

// The fault suite (issue 10): three real node processes, a keyed workload published through `actors publish`
// while nodes are killed, stopped and cut off, then everything read back and checked. Exit 1 on any lost
// message or per-key order violation, 2 on bad arguments.
FaultOptions options;
try
{
    options = FaultOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

var clock = Stopwatch.StartNew();
void Log(string message) => Console.WriteLine($"{clock.Elapsed.TotalSeconds,7:0.0} s  {message}");

var isolationUnavailable = options.Cases.Contains('d') ? Isolation.Unavailable() : null;
var ownUsers = options.Cases.Contains('d') && isolationUnavailable is null;
var folder = Directory.CreateTempSubdirectory("actors-faults-").FullName;
if (ownUsers) Storage.Chmod(folder, 0b111_101_101);
var (storage, storageText) = Storage.Configure(options.Postgres, folder, ownUsers);
var topic = $"faults-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
var workload = new Workload(options.Messages, options.Keys);

Console.WriteLine($"Actors fault suite: {options.Messages:N0} messages over {options.Keys} keys to topic {topic} ({options.Partitions} partitions), " +
                  $"cases {string.Join(',', options.Cases)}; 3 node processes on 127.0.0.1; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"storage: {storageText}");
if (isolationUnavailable is not null) Console.WriteLine($"case d will be skipped: {isolationUnavailable}");
Console.WriteLine($"logs: {folder}");

using var cluster = new FaultCluster(folder, storage, ownUsers, clock, Log);
var passed = false;
try
{
    await cluster.StartAsync();
    var publisher = new CliPublisher(cluster, folder, topic, workload, options.Partitions, options.PublishTimeout, clock, Log);
    var cases = new FaultCases(cluster, publisher, options.Cases, options.Messages, isolationUnavailable, options.IsolateSeconds,
        Storage.PostgresPort(options.Postgres), clock, Log);
    using var watching = new CancellationTokenSource();
    var watch = cases.WatchAsync(watching.Token);
    var began = clock.Elapsed;
    await publisher.RunAsync(cases.GateAsync);
    Log($"publisher done: {publisher.ConfirmedCount:N0} confirmed in {(clock.Elapsed - began).TotalSeconds:0.0} s");
    await cases.DoneAsync();
    await watching.CancelAsync();
    await watch;
    foreach (var slot in cluster.Slots) await cluster.WaitUpAsync(slot);

    var stored = await Verifier.ReadAllAsync(cluster.Slots.First(s => s.Running), topic, workload, Log);
    var report = FaultReport.Of(workload, publisher.IsConfirmed, stored);
    ResultPrinter.Print(report, cluster, publisher, cases, stored.Count);
    passed = report.Passed;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Actors.Client.ConnectionException)
{
    Console.WriteLine($"error: {ex.Message}");
}
finally
{
    await ResultPrinter.StopAsync(cluster);
}

if (passed) Directory.Delete(folder, recursive: true);
else Console.WriteLine($"node logs kept in {folder}");
return passed ? 0 : 1;

/// <summary>The shared journal: PostgreSQL when given a connection string, else one SQLite file all three nodes open.</summary>
internal static partial class Storage
{
    public static (string Config, string Description) Configure(string? postgres, string folder, bool ownUsers)
    {
        if (postgres is not null)
            return ($"actors.storage {{ provider = postgresql, postgresql.connection-string = {Quote(postgres)} }}",
                $"PostgreSQL ({Regex.Replace(postgres, "(?i)password=[^;]*", "Password=***")}), the journal a cluster of machines shares");
        var journal = Directory.CreateDirectory(Path.Combine(folder, "journal")).FullName;
        var file = Path.Combine(journal, "actors.db");
        if (ownUsers)
        {
            // Nodes run as three users: each must create and write the file and SQLite's -wal and -shm beside it.
            Chmod(journal, 0b111_111_111);
            File.WriteAllBytes(file, []);
            Chmod(file, 0b110_110_110);
        }

        return ($"actors.storage {{ provider = sqlite, sqlite.path = {Quote(file)} }}",
            $"one SQLite file shared by the three nodes ({file}): they run on this machine, SQLite's file lock keeps their writes apart, " +
            "so a partition that moves finds its log (a cluster of machines shares PostgreSQL: --postgres or ACTORS_PG)");
    }

    /// <summary>The PostgreSQL port, so cutting a node off the cluster in case d leaves its journal reachable.</summary>
    public static int? PostgresPort(string? postgres) => postgres is null
        ? null
        : PortSetting().Match(postgres) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 5432;

    /// <summary>Sets a file's mode (three users share the suite's folder only on Linux, where iptables runs).</summary>
    public static void Chmod(string path, int mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)mode);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"(?i)\bport\s*=\s*(\d+)")]
    private static partial Regex PortSetting();
}
