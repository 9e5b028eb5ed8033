using Akka.Cluster;

namespace Actors.Routing;

/// <summary>
/// What one node's routee registry knows, as plain state with no actor or clock: the routees this node owns
/// (by service), the latest snapshot of every other node's, and which members may be routed to now (up or
/// leaving, reachable) with their roles. Listing a service joins the two: routees on routable members with
/// the role, ordered by id, so every node lists the same routees in the same order.
/// </summary>
internal sealed class RouteeTable(Address self)
{
    private readonly Dictionary<ServiceName, HashSet<IActorRef>> _local = [];
    private readonly Dictionary<Address, (long Version, IReadOnlyList<ServiceRoutees> Services)> _remote = [];
    private readonly Dictionary<Address, IReadOnlySet<string>> _routable = [];
    private readonly HashSet<Address> _unreachable = [];

    public Address Self { get; } = self;

    /// <summary>Bumped on every local change; time-based so a restarted node's snapshots still count as newer.</summary>
    public long LocalVersion { get; private set; }

    /// <summary>Members that may be routed to (up, weakly up or leaving), other than this node.</summary>
    public IEnumerable<Address> Peers => _routable.Keys.Where(a => a != Self);

    public bool Register(ServiceName service, IActorRef routee)
    {
        if (!_local.TryGetValue(service, out var routees)) _local[service] = routees = [];
        return routees.Add(routee) && Bump();
    }

    public bool Deregister(ServiceName service, IActorRef routee)
    {
        if (!_local.TryGetValue(service, out var routees) || !routees.Remove(routee)) return false;
        if (routees.Count == 0) _local.Remove(service);
        return Bump();
    }

    /// <summary>A local routee stopped: it leaves every service it was registered under.</summary>
    public bool RemoveLocal(IActorRef routee)
    {
        var changed = false;
        foreach (var service in _local.Where(s => s.Value.Contains(routee)).Select(s => s.Key).ToList())
            changed |= Deregister(service, routee);
        return changed;
    }

    public RouteeSnapshot LocalSnapshot() =>
        new(Self, LocalVersion, _local.Select(s => new ServiceRoutees(s.Key, s.Value.ToList())).ToList());

    /// <summary>Takes a member's snapshot if it is newer than the one held; false when stale or from a non-member.</summary>
    public bool Apply(RouteeSnapshot snapshot)
    {
        if (snapshot.Node == Self || !_routable.ContainsKey(snapshot.Node)) return false;
        if (_remote.TryGetValue(snapshot.Node, out var held) && held.Version >= snapshot.Version) return false;
        _remote[snapshot.Node] = (snapshot.Version, snapshot.Services);
        return true;
    }

    /// <summary>Follows a member's status: routable while up, weakly up or leaving; forgotten with its routees once removed.</summary>
    public void MemberChanged(Address node, MemberStatus status, IReadOnlySet<string> roles)
    {
        switch (status)
        {
            case MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving:
                _routable[node] = roles;
                break;
            case MemberStatus.Removed:
                _routable.Remove(node);
                _remote.Remove(node);
                _unreachable.Remove(node);
                break;
            default:
                _routable.Remove(node);
                break;
        }
    }

    public void SetReachable(Address node, bool reachable)
    {
        if (reachable) _unreachable.Remove(node);
        else _unreachable.Add(node);
    }

    /// <summary>The routees of <paramref name="service"/> on reachable routable members with <paramref name="role"/>, by id.</summary>
    public IReadOnlyList<Routee> List(ServiceName service, string? role)
    {
        var result = new List<Routee>();
        foreach (var (node, roles) in _routable)
        {
            if (_unreachable.Contains(node) || (role is not null && !roles.Contains(role))) continue;
            if (node == Self)
            {
                if (_local.TryGetValue(service, out var mine)) result.AddRange(mine.Select(r => new Routee(r, IdOf(r))));
            }
            else if (_remote.TryGetValue(node, out var theirs))
            {
                foreach (var entry in theirs.Services.Where(s => s.Service == service))
                    result.AddRange(entry.Routees.Select(r => new Routee(r, IdOf(r))));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    /// <summary>The routee's full path with its node's address: the same string on every node.</summary>
    public string IdOf(IActorRef routee) =>
        routee.Path.Address.HasLocalScope ? routee.Path.ToStringWithAddress(Self) : routee.Path.ToStringWithAddress();

    private bool Bump()
    {
        LocalVersion = Math.Max(LocalVersion + 1, DateTime.UtcNow.Ticks);
        return true;
    }
}
