using Actors.Serialization;

namespace Actors.Security;

/// <summary>The protobuf encoding of users, ACLs and their requests and events; manifests and field numbers are the wire and journal contract.</summary>
internal static class SecurityCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<PutUser>("sec-pu", (w, m) => w.Msg(1, x => WriteUser(x, m.User)).Bool(2, m.OnlyIfMissing), (r, _) => new PutUser(ReadUser(r.Msg(1)), r.Bool(2))),
        Codec.Of<RemoveUser>("sec-ru", (w, m) => w.Str(1, m.Name), (r, _) => new RemoveUser(r.Str(1))),
        Codec.Of<AddAcl>("sec-aa", (w, m) => w.Msg(1, x => WriteAcl(x, m.Entry)), (r, _) => new AddAcl(ReadAcl(r.Msg(1)))),
        Codec.Of<RemoveAcl>("sec-ra", (w, m) => w.Msg(1, x => WriteAcl(x, m.Entry)), (r, _) => new RemoveAcl(ReadAcl(r.Msg(1)))),
        Codec.Of<ListSecurity>("sec-ls", (_, _) => { }, (_, _) => ListSecurity.Instance),
        Codec.Of<SecurityListing>("sec-l", (w, m) => w
                .Each(1, m.Users, (x, u) => x.Str(1, u.Name).Each(2, u.Mechanisms, (y, s) => y.Str(1, s)))
                .Each(2, m.Acls, WriteAcl),
            (r, _) => new SecurityListing(
                r.Each(1).Select(x => new UserSummary(x.Str(1), x.Each(2).Select(y => y.Str(1)).ToList())).ToList(),
                r.Each(2).Select(ReadAcl).ToList())),
        Codec.Of<SecurityCommandDone>("sec-ok", (w, m) => w.Str(1, m.Message), (r, _) => new SecurityCommandDone(r.Str(1))),
        Codec.Of<SecurityCommandRefused>("sec-no", (w, m) => w.Str(1, m.Reason), (r, _) => new SecurityCommandRefused(r.Str(1))),
        Codec.Of<WatchSecurity>("sec-w", (w, m) => w.Str(1, Codec.Path(m.Watcher)).I64(2, m.Version + 1), (r, s) => new WatchSecurity(s.Resolve(r.Str(1)), r.I64(2) - 1)),
        Codec.Of<SecuritySnapshot>("sec-s", (w, m) => w.Each(1, m.Users, WriteUser).Each(2, m.Acls, WriteAcl).I64(3, m.Version),
            (r, _) => new SecuritySnapshot(r.Each(1).Select(ReadUser).ToList(), r.Each(2).Select(ReadAcl).ToList(), r.I64(3))),
        Codec.Of<UserPut>("sec-e-up", (w, m) => w.Msg(1, x => WriteUser(x, m.User)), (r, _) => new UserPut(ReadUser(r.Msg(1)))),
        Codec.Of<UserRemoved>("sec-e-ur", (w, m) => w.Str(1, m.Name), (r, _) => new UserRemoved(r.Str(1))),
        Codec.Of<AclAdded>("sec-e-aa", (w, m) => w.Msg(1, x => WriteAcl(x, m.Entry)), (r, _) => new AclAdded(ReadAcl(r.Msg(1)))),
        Codec.Of<AclRemoved>("sec-e-ar", (w, m) => w.Msg(1, x => WriteAcl(x, m.Entry)), (r, _) => new AclRemoved(ReadAcl(r.Msg(1)))),
    ];

    private static void WriteUser(ProtoWriter w, UserRecord user) =>
        w.Str(1, user.Name).Each(2, user.Credentials, (x, c) => x
            .I64(1, (int)c.Mechanism).Bytes(2, c.Salt).I64(3, c.Iterations).Bytes(4, c.StoredKey).Bytes(5, c.ServerKey));

    private static UserRecord ReadUser(ProtoReader r) =>
        new(r.Str(1), r.Each(2).Select(x => new ScramCredential((ScramMechanism)x.I32(1), x.Bytes(2), x.I32(3), x.Bytes(4), x.Bytes(5))).ToList());

    private static void WriteAcl(ProtoWriter w, AclEntry entry) =>
        w.Str(1, entry.Principal).I64(2, (int)entry.Permission).I64(3, (int)entry.Resource).Str(4, entry.Pattern);

    private static AclEntry ReadAcl(ProtoReader r) => new(r.Str(1), (AclPermission)r.I32(2), (AclResource)r.I32(3), r.Str(4));
}
