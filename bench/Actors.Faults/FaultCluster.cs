namespace Actors.Faults;

/// <summary>
/// Three <c>actors node</c> processes on 127.0.0.1, each on its own port and in its own folder, sharing one
/// journal (PostgreSQL, or one SQLite file on this machine) so a partition that moves finds its log. Each node
/// lists all three as seeds, so one restarted after a fault joins whichever is alive. With iptables in play each
/// node also runs as its own user id, which is what lets a rule drop everything one node sends.
/// </summary>
internal sealed class FaultCluster(string folder, string storage, bool ownUsers, Stopwatch clock, Action<string> log) : IDisposable
{
    private const int FirstUid = 64201;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly List<Slot> _slots = [];

    public IReadOnlyList<Slot> Slots => _slots;

    /// <summary>Starts the three nodes and waits until each sees all three up.</summary>
    public async Task StartAsync()
    {
        var failover = await File.ReadAllTextAsync(Path.Combine(ActorsCommand.HoconFolder, "fast-failover.conf"));
        for (var i = 0; i < 3; i++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(folder, $"node-{i + 1}")).FullName;
            var config = Path.Combine(dir, "node.conf");
            await File.WriteAllTextAsync(config, $"{failover}\n{storage}\n");
            int? uid = ownUsers ? FirstUid + i : null;
            if (uid is { } id) Chown(dir, id);
            _slots.Add(new Slot(i + 1, FreePort(), uid, dir, config));
        }

        Start(_slots[0]);
        await WaitUpAsync(_slots[0]);
        foreach (var slot in _slots.Skip(1)) Start(slot);
        foreach (var slot in _slots)
            foreach (var member in _slots)
                if (await slot.Process!.WaitForAsync($"member up: {member.Address}", Wait) is null)
                    throw new InvalidOperationException($"node {slot.Number} did not see node {member.Number} up within {Wait.TotalSeconds} s:\n{Tail(slot)}");
        log($"3 nodes up: {string.Join(", ", _slots.Select(s => $"node {s.Number} {s.HostPort}{(s.Uid is { } u ? $" (uid {u})" : "")}"))}");
    }

    /// <summary>Starts (or restarts) the node of <paramref name="slot"/>; the old process, if any, is kept for its log.</summary>
    public void Start(Slot slot)
    {
        var seeds = _slots.SelectMany(s => new[] { "--seed", s.HostPort });
        slot.Runs.Add(NodeProcess.Start(slot.Folder, ["node", "--host", "127.0.0.1", "--port", slot.Port.ToString(CultureInfo.InvariantCulture),
            "--kafka-port", "off", "--http-port", "off", "--config", slot.Config, .. seeds], clock, slot.Uid, Path.Combine(folder, $"node-{slot.Number}-run-{slot.Runs.Count + 1}.log")));
    }

    /// <summary>Waits until the node's current process reports itself up.</summary>
    public async Task WaitUpAsync(Slot slot)
    {
        if (await slot.Process!.WaitForAsync($"member up: {slot.Address}", Wait) is null)
            throw new InvalidOperationException($"node {slot.Number} was not up within {Wait.TotalSeconds} s:\n{Tail(slot)}");
    }

    /// <summary>When the first other running node logged <paramref name="victim"/> removed after <paramref name="since"/>; null if none within the wait.</summary>
    public async Task<TimeSpan?> WaitRemovedAsync(Slot victim, TimeSpan since)
    {
        var deadline = clock.Elapsed + Wait;
        while (clock.Elapsed < deadline)
        {
            var seen = _slots.Where(s => s != victim && s.Process is { HasExited: false })
                .Select(s => s.Process!.Find($"member removed: {victim.Address} ", since)?.At).Where(t => t is not null).Min();
            if (seen is { } at) return at;
            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>The last lines a node printed, for a failure message.</summary>
    public static string Tail(Slot slot, int lines = 30) => string.Join('\n', slot.Process?.Lines().TakeLast(lines) ?? []);

    public void Dispose()
    {
        foreach (var run in _slots.SelectMany(s => s.Runs)) run.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Chown(string path, int uid)
    {
        using var chown = Process.Start("chown", ["-R", $"{uid}:{uid}", path]);
        chown.WaitForExit();
    }

    /// <summary>A node's place in the cluster: its number, port, user, folder and every process run there.</summary>
    public sealed class Slot(int number, int port, int? uid, string folder, string config)
    {
        public int Number => number;
        public int Port => port;
        public int? Uid => uid;
        public string Folder => folder;
        public string Config => config;
        public string HostPort => $"127.0.0.1:{port}";
        public string Address => $"akka.tcp://actors@127.0.0.1:{port}";
        public List<NodeProcess> Runs { get; } = [];
        public NodeProcess? Process => Runs.Count == 0 ? null : Runs[^1];
        public bool Running => Process is { HasExited: false };

        /// <summary>Struck by a fault case and not yet back up: the publisher keeps away from it.</summary>
        public bool Faulted { get; set; }
    }
}
