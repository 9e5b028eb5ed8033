namespace Actors.Faults;

/// <summary>What one fault case did: its victim, when it struck, how long until the others removed the node.</summary>
internal sealed record CaseResult(char Case, string What, int AtMessage, TimeSpan? RemovedAfter, string Note);

/// <summary>
/// The faults, each struck while messages flow and each followed by a restart of its node: (a) kill -9 a node
/// the publisher does not talk to, (b) kill -9 the one it talks to, (c) SIGTERM a node, (d) cut a node off with
/// iptables for a while. Case k strikes halfway through the k-th share of the messages; the publisher's input
/// waits at the next case's point until the previous case's node is back up, so no two faults overlap. A node
/// that exits when no case made it is reported and started again (<see cref="WatchAsync"/>).
/// </summary>
internal sealed class FaultCases(FaultCluster cluster, CliPublisher publisher, IReadOnlyList<char> cases, int messages,
    string? isolationUnavailable, int isolateSeconds, int? databasePort, Stopwatch clock, Action<string> log)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly int[] _triggers = cases.Select((_, k) => (int)((k + 0.5) * messages / cases.Count)).ToArray();
    private readonly HashSet<FaultCluster.Slot> _victims = [];
    private Task _running = Task.CompletedTask;
    private int _next;

    public List<CaseResult> Results { get; } = [];

    public List<string> UnexpectedExits { get; } = [];

    /// <summary>The publisher's gate: at a case's point, wait for the case before, then strike this one.</summary>
    public async Task GateAsync(int message)
    {
        if (_next >= _triggers.Length || message < _triggers[_next]) return;
        await _running;
        var kind = cases[_next++];
        _running = Task.Run(() => RunAsync(kind, message));
    }

    /// <summary>Waits for the last case (after the publisher is done).</summary>
    public Task DoneAsync() => _running;

    /// <summary>Restarts a node that exited when no case meant it to, and says so.</summary>
    public async Task WatchAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var slot in cluster.Slots)
            {
                bool victim;
                lock (_victims) victim = _victims.Contains(slot);
                if (victim || slot.Running) continue;
                var line = $"node {slot.Number} exited by itself (exit {slot.Process!.ExitCode}); last lines:\n{FaultCluster.Tail(slot, 8)}";
                UnexpectedExits.Add(line);
                log(line);
                cluster.Start(slot);
            }

            await Task.Delay(1000, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task RunAsync(char kind, int message)
    {
        var result = kind switch
        {
            'a' => await CrashAsync(kind, NotTheClients(), message, "kill -9 a node the publisher does not talk to"),
            'b' => await CrashAsync(kind, publisher.Client ?? cluster.Slots[0], message, "kill -9 the publisher's node"),
            'c' => await TerminateAsync(NotTheClients(), message),
            _ => await IsolateAsync(NotTheClients(), message),
        };
        Results.Add(result);
        log($"case {result.Case} done: {result.What}: {Describe(result)}");
    }

    public static string Describe(CaseResult result) => result.RemovedAfter is { } removed
        ? $"node removed by the others after {removed.TotalSeconds:0.0} s; {result.Note}"
        : result.Note;

    private FaultCluster.Slot NotTheClients() => cluster.Slots.Last(s => s != publisher.Client && s is { Running: true, Faulted: false });

    private async Task<CaseResult> CrashAsync(char kind, FaultCluster.Slot victim, int message, string what)
    {
        Mark(victim, true);
        log($"case {kind} at message {message:N0}: kill -9 node {victim.Number}");
        var struck = clock.Elapsed;
        victim.Process!.Kill();
        var removed = await cluster.WaitRemovedAsync(victim, struck);
        return new CaseResult(kind, $"{what} (node {victim.Number})", message, removed - struck, await RestartAsync(victim));
    }

    private async Task<CaseResult> TerminateAsync(FaultCluster.Slot victim, int message)
    {
        Mark(victim, true);
        log($"case c at message {message:N0}: SIGTERM node {victim.Number}");
        var struck = clock.Elapsed;
        victim.Process!.Terminate();
        var removed = await cluster.WaitRemovedAsync(victim, struck);
        var exited = await victim.Process.WaitForExitAsync(Wait);
        var how = exited ? $"it exited {victim.Process.ExitCode} after {(clock.Elapsed - struck).TotalSeconds:0.0} s" : "it had not exited after 120 s (killed)";
        return new CaseResult('c', $"SIGTERM node {victim.Number}", message, removed - struck, $"{how}; {await RestartAsync(victim)}");
    }

    private async Task<CaseResult> IsolateAsync(FaultCluster.Slot victim, int message)
    {
        if (isolationUnavailable is not null || victim.Uid is not { } uid)
            return new CaseResult('d', "isolate a node with iptables", message, null, $"skipped: {isolationUnavailable}");
        Mark(victim, true);
        log($"case d at message {message:N0}: node {victim.Number} cut off with iptables for {isolateSeconds} s");
        var struck = clock.Elapsed;
        string note;
        using (var isolation = new Isolation())
        {
            isolation.Isolate(uid, victim.Port, databasePort);
            var removal = cluster.WaitRemovedAsync(victim, struck);
            await Task.Delay(TimeSpan.FromSeconds(isolateSeconds));
            isolation.Heal();
            log($"case d: node {victim.Number} reconnected");
            // Alone, the node is the minority: the split-brain resolver downs it on its own side and it exits.
            var exited = await victim.Process!.WaitForExitAsync(TimeSpan.FromSeconds(60));
            note = exited ? $"it downed itself and exited {victim.Process.ExitCode}" : "it was still running 60 s after the network healed (killed)";
            var removed = await removal;
            return new CaseResult('d', $"isolate node {victim.Number} with iptables for {isolateSeconds} s", message, removed - struck,
                $"{note}; {await RestartAsync(victim)}");
        }
    }

    /// <summary>Starts the node again (killing what is left of it) and waits until it is up.</summary>
    private async Task<string> RestartAsync(FaultCluster.Slot victim)
    {
        victim.Process!.Kill();
        var began = clock.Elapsed;
        cluster.Start(victim);
        try
        {
            await cluster.WaitUpAsync(victim);
            return $"restarted, up again after {(clock.Elapsed - began).TotalSeconds:0.0} s";
        }
        finally
        {
            Mark(victim, false);
        }
    }

    private void Mark(FaultCluster.Slot slot, bool victim)
    {
        slot.Faulted = victim;
        lock (_victims)
            if (victim) _victims.Add(slot);
            else _victims.Remove(slot);
    }
}
