using Actors.Serialization;

namespace Actors.Routing;

/// <summary>The protobuf encoding of the routing protocol (<c>RoutingProtocol.cs</c>): routee registration and the registries' gossip.</summary>
internal static class RoutingCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<RegisterRoutee>("rr", (w, m) => w.Str(1, m.Service.Value).Str(2, Codec.Path(m.Routee)),
            (r, s) => new RegisterRoutee(new ServiceName(r.Str(1)), s.Resolve(r.Str(2)))),
        Codec.Of<RouteeRegistered>("rrd", (w, m) => w.Str(1, m.Service.Value).Str(2, Codec.Path(m.Routee)),
            (r, s) => new RouteeRegistered(new ServiceName(r.Str(1)), s.Resolve(r.Str(2)))),
        Codec.Of<DeregisterRoutee>("dr", (w, m) => w.Str(1, m.Service.Value).Str(2, Codec.Path(m.Routee)),
            (r, s) => new DeregisterRoutee(new ServiceName(r.Str(1)), s.Resolve(r.Str(2)))),
        Codec.Of<RouteeSnapshot>("rs", (w, m) => w.Str(1, m.Node.ToString()).I64(2, m.Version)
                .Each(3, m.Services, (e, v) => e.Str(1, v.Service.Value).Each(2, v.Routees, (a, routee) => a.Str(1, Codec.Path(routee)))),
            (r, s) => new RouteeSnapshot(Address.Parse(r.Str(1)), r.I64(2),
                r.Each(3).Select(e => new ServiceRoutees(new ServiceName(e.Str(1)), e.Each(2).Select(a => s.Resolve(a.Str(1))).ToList())).ToList())),
        Codec.Of<RouteeSnapshotRequest>("rsq", (_, _) => { }, (_, _) => RouteeSnapshotRequest.Instance),
    ];
}
