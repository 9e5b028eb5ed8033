using Actors.Security;
using Akka.Cluster;
using Akka.Remote;

namespace Actors.Nodes.Cluster;

/// <summary>
/// Explains a join that does not happen. Until this node is Up it watches remoting's association
/// events and, every <c>interval</c>, logs which seeds it tried and what each one answered
/// (connection refused, unreachable host, reachable but no join reply), instead of a silent retry loop.
/// It stops itself once the node is Up.
/// </summary>
internal sealed class JoinWatchdog : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IReadOnlyList<Address> _seeds;
    private readonly Dictionary<Address, string> _lastProblem = [];
    private readonly HashSet<Address> _associated = [];
    private readonly DateTime _started = DateTime.UtcNow;

    public ITimerScheduler Timers { get; set; } = null!;

    public JoinWatchdog(IReadOnlyList<Address> seeds, TimeSpan interval)
    {
        _seeds = seeds;
        Receive<ClusterEvent.MemberUp>(HandleMemberUp);
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            if (s.Members.Any(m => m.Address == _cluster.SelfAddress && m.Status == MemberStatus.Up)) Context.Stop(Self);
        });
        Receive<AssociationErrorEvent>(e => _lastProblem[Normalize(e.RemoteAddress)] = Describe(e.Cause, e.RemoteAddress.Protocol));
        // A block body: an expression lambda returning bool would pick ReceiveActor's Func<T, bool> overload,
        // and every disassociation from an address not in the set would count as unhandled.
        Receive<DisassociatedEvent>(e => { _associated.Remove(Normalize(e.RemoteAddress)); });
        Receive<AssociatedEvent>(e =>
        {
            var remote = Normalize(e.RemoteAddress);
            _associated.Add(remote);
            _lastProblem.Remove(remote);
        });
        Receive<Report>(_ => ReportProgress());
        Timers.StartPeriodicTimer("report", Report.Instance, interval);
    }

    public static Props Props(IReadOnlyList<Address> seeds, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new JoinWatchdog(seeds, interval));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberUp));
        Context.System.EventStream.Subscribe(Self, typeof(RemotingLifecycleEvent));
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private void HandleMemberUp(ClusterEvent.MemberUp up)
    {
        if (up.Member.Address != _cluster.SelfAddress) return;
        var waited = DateTime.UtcNow - _started;
        if (waited > TimeSpan.FromSeconds(5)) _log.Info("joined the cluster after {0:0.0}s", waited.TotalSeconds);
        Context.Stop(Self);
    }

    private void ReportProgress()
    {
        var waited = (DateTime.UtcNow - _started).TotalSeconds;
        var detail = string.Join("; ", _seeds.Where(s => s != _cluster.SelfAddress).Select(seed => $"{seed} {SeedState(seed)}"));
        if (detail.Length == 0) detail = "only this node is a seed and it has not joined itself yet";
        _log.Warning("not joined yet after {0:0}s; seeds tried: {1}", waited, detail);
    }

    private string SeedState(Address seed)
    {
        if (_lastProblem.TryGetValue(seed, out var problem)) return $"-> {problem}";
        if (_associated.Contains(seed))
            return "-> connected, but no join reply (does that node use the same --system-name, and is it part of a cluster yet?)";
        return "-> no answer yet (is a node running there?)";
    }

    private static Address Normalize(Address address) => new(address.Protocol, address.System, address.Host, address.Port);

    /// <summary>Why an association with a seed failed, as the watchdog's line says it, for a node of <paramref name="protocol"/>.</summary>
    internal static string Describe(Exception? cause, string protocol)
    {
        for (var ex = cause; ex is not null; ex = ex.InnerException)
        {
            var message = ex.Message;
            // A seed that closes the connection gives no reason. To a plain node, a seed that speaks TLS drops it at
            // once; to a TLS node, whose side of a TLS 1.3 handshake is done before the seed checks its certificate, a
            // seed that refuses the certificate closes the connection, and only the seed's log says why.
            if (message.Contains("explicitly disassociated", StringComparison.OrdinalIgnoreCase))
                return protocol == TlsCredentials.Protocol
                    ? "the seed closed the connection (if its log says 'TLS: refused', this node's certificate is not signed by the cluster's CA)"
                    : "the seed closed the connection (if the cluster uses TLS, this node needs --tls-cert, --tls-key and --tls-ca too)";
            if (message.Contains("refused", StringComparison.OrdinalIgnoreCase)) return "connection refused (nothing listens on that port)";
            if (message.Contains("No such host", StringComparison.OrdinalIgnoreCase) ||
                message.Contains("Name or service not known", StringComparison.OrdinalIgnoreCase)) return "unknown host";
            if (message.Contains("timed out", StringComparison.OrdinalIgnoreCase)) return "connection timed out";
        }

        return cause?.GetBaseException().Message ?? "association failed";
    }

    private sealed class Report
    {
        public static Report Instance { get; } = new();
        private Report() { }
    }
}
