using Actors.Serialization;

namespace Actors.Gateway;

/// <summary>The protobuf encoding of the gateway's cluster requests (<c>AdminProtocol.cs</c>); manifests and field numbers are the wire contract.</summary>
internal static class AdminCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<GetClusterState>("adm-gcs", (_, _) => { }, (_, _) => GetClusterState.Instance),
        Codec.Of<ClusterState>("adm-cs", (w, m) => w.Str(1, m.Self).Str(2, m.Leader)
                .Each(3, m.Members, (e, member) => e.Str(1, member.Address).Str(2, member.Status).Bool(3, member.Reachable).Each(4, member.Roles, (x, role) => x.Str(1, role))),
            (r, _) => new ClusterState(r.Str(1), r.Str(2),
                r.Each(3).Select(e => new ClusterMemberInfo(e.Str(1), e.Str(2), e.Bool(3), e.Each(4).Select(x => x.Str(1)).ToList())).ToList())),
        Codec.Of<LeaveMember>("adm-lm", (w, m) => w.Str(1, m.Address), (r, _) => new LeaveMember(r.Str(1))),
        Codec.Of<DownMember>("adm-dm", (w, m) => w.Str(1, m.Address), (r, _) => new DownMember(r.Str(1))),
        Codec.Of<MemberCommandAccepted>("adm-mca", (w, m) => w.Str(1, m.Address).Str(2, m.Action), (r, _) => new MemberCommandAccepted(r.Str(1), r.Str(2))),
        Codec.Of<ClusterCommandRefused>("adm-ccr", (w, m) => w.Str(1, m.Reason), (r, _) => new ClusterCommandRefused(r.Str(1))),
    ];
}
