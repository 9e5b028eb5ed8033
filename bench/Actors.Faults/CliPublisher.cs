using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Actors.Faults;

/// <summary>
/// Publishes the workload through <c>actors publish</c>, as a user would: lines written to its standard input,
/// <c>--node</c> one node. The command confirms every line it has read before it exits 0; when it fails it names
/// a line (<c>error: line N: ...</c>), and the suite starts it again from that line on a running node (the line
/// before it counts as confirmed: that is what resuming at the named line promises). The pipe is kept small, so
/// the command reads about as fast as confirms come back: the longest time it took no new line is the longest
/// stall, time the suite itself held the input back (between fault cases) not counted.
/// </summary>
internal sealed partial class CliPublisher(FaultCluster cluster, string folder, string topic, Workload workload, int partitions,
    int? timeoutSeconds, Stopwatch clock, Action<string> log)
{
    private const int Chunk = 50;

    /// <summary>A cluster that confirms nothing for this long is broken, not slow: the suite stops and says so.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);
    private readonly bool[] _confirmed = new bool[workload.Count];
    private TimeSpan _lastProgress;
    private TimeSpan _held;
    private TimeSpan _lastAdvance;
    private int _fed;
    private int _fedAtProgress;

    /// <summary>The node the command talks to now.</summary>
    public FaultCluster.Slot? Client { get; private set; }

    /// <summary>Each time the command failed and was started again: when, where, and its error line.</summary>
    public List<string> Restarts { get; } = [];

    public TimeSpan LongestStall { get; private set; }

    /// <summary>Where the longest stall began: the suite's clock, and the messages fed by then.</summary>
    public (TimeSpan At, int Message) LongestStallStart { get; private set; }

    public int ConfirmedCount => _confirmed.Count(c => c);

    public bool IsConfirmed(int index) => _confirmed[index];

    /// <summary>Publishes every line; <paramref name="gate"/> is awaited before each line and may hold the input back.</summary>
    public async Task RunAsync(Func<int, Task> gate)
    {
        var next = 0;
        _lastProgress = _lastAdvance = clock.Elapsed;
        while (next < workload.Count)
        {
            Client = Client is { Running: true, Faulted: false } ? Client : cluster.Slots.FirstOrDefault(s => s is { Running: true, Faulted: false });
            if (Client is null)
            {
                await Task.Delay(500);
                continue;
            }

            var start = next;
            if (clock.Elapsed - _lastAdvance > GiveUpAfter)
                throw new TimeoutException($"the publisher confirmed nothing new for {GiveUpAfter.TotalMinutes:0} minutes (last: {Restarts.LastOrDefault()})");
            var (exitCode, error, fedAll) = await RunOnceAsync(start, gate);
            if (exitCode == 0 && fedAll)
            {
                Array.Fill(_confirmed, true, start, workload.Count - start);
                break;
            }

            // "line N": lines start .. start+N-2 are confirmed; go on from line N.
            var failed = LineNumber().Match(error) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            next = Math.Min(workload.Count, start + failed - 1);
            if (next > start) _lastAdvance = clock.Elapsed;
            Array.Fill(_confirmed, true, start, next - start);
            Restarts.Add($"at message {next:N0} via node {Client.Number}: exit {exitCode}: {error.Trim()}");
            log($"publish via node {Client.Number} failed (exit {exitCode}): {error.Trim()}; resuming at message {next:N0}");
            if (exitCode == 2) await Task.Delay(1000);
        }
    }

    private async Task<(int ExitCode, string Error, bool FedAll)> RunOnceAsync(int start, Func<int, Task> gate)
    {
        string[] args = ["publish", topic, "--key-separator", "|", "--quiet", "--node", Client!.HostPort,
            "--partitions", partitions.ToString(CultureInfo.InvariantCulture),
            .. timeoutSeconds is { } t ? ["--timeout", t.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>()];
        using var cli = NodeProcess.Start(folder, args, clock);
        ShrinkPipe(cli.Input.BaseStream);
        var fedAll = false;
        try
        {
            for (var i = start; i < workload.Count; i++)
            {
                var before = clock.Elapsed;
                await gate(i);
                _held += clock.Elapsed - before;
                await cli.Input.WriteAsync(workload.Line(i) + "\n");
                _fed = i + 1;
                if ((i - start + 1) % Chunk == 0)
                {
                    await cli.Input.FlushAsync();
                    Progress(i + 1);
                }
            }

            await cli.Input.FlushAsync();
            cli.Input.Close();
            fedAll = true;
        }
        catch (IOException)
        {
            // The command exited while being fed (it failed); its error line says where to go on.
        }

        await cli.WaitForExitAsync(Timeout.InfiniteTimeSpan);
        Progress(_fed);
        var error = cli.Lines().FirstOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal)) ?? string.Join(" ", cli.Lines().TakeLast(3));
        return (cli.ExitCode, error, fedAll);
    }

    private void Progress(int fed)
    {
        var now = clock.Elapsed;
        var gap = now - _lastProgress - _held;
        if (gap > LongestStall)
        {
            LongestStall = gap;
            LongestStallStart = (_lastProgress, _fedAtProgress);
        }

        _lastProgress = now;
        _fedAtProgress = fed;
        _held = TimeSpan.Zero;
    }

    /// <summary>The smallest pipe Linux allows (a page, about 250 lines), so input follows confirms closely.</summary>
    private static void ShrinkPipe(Stream stream)
    {
        if (!OperatingSystem.IsLinux()) return;
        var handle = stream switch
        {
            PipeStream pipe => pipe.SafePipeHandle.DangerousGetHandle(),
            FileStream file => file.SafeFileHandle.DangerousGetHandle(),
            _ => IntPtr.Zero,
        };
        if (handle != IntPtr.Zero) _ = Fcntl((int)handle, 1031 /* F_SETPIPE_SZ */, 4096);
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);

    [GeneratedRegex(@"\bline (\d+)\b")]
    private static partial Regex LineNumber();
}
