namespace Actors.Security;

/// <summary>
/// The cluster's users and ACLs as one node knows them: an immutable value the node's <see cref="SecurityView"/>
/// replaces whenever the registry announces a change, so every door (the native gateway, the Kafka edge) reads it
/// from any thread without a lock. Super users come from this node's settings and are allowed everything.
/// </summary>
public sealed class SecurityState
{
    public static readonly SecurityState Empty = new(new Dictionary<string, UserRecord>(), [], 0);

    public SecurityState(IReadOnlyDictionary<string, UserRecord> users, IReadOnlyList<AclEntry> acls, long version)
    {
        Users = users;
        Acls = acls;
        Version = version;
    }

    /// <summary>Users by name.</summary>
    public IReadOnlyDictionary<string, UserRecord> Users { get; }

    /// <summary>Every ACL entry, in the order they were added.</summary>
    public IReadOnlyList<AclEntry> Acls { get; }

    /// <summary>The registry's count of changes: a view keeps the newest state it was sent.</summary>
    public long Version { get; }

    /// <summary>The user named <paramref name="name"/> when <paramref name="password"/> is theirs; null otherwise.</summary>
    public UserRecord? Authenticate(string name, string password) =>
        Users.TryGetValue(name, out var user) && user.Matches(password) ? user : null;

    /// <summary>The credential of <paramref name="name"/> for <paramref name="mechanism"/>, or null (no such user).</summary>
    public ScramCredential? Credential(string name, ScramMechanism mechanism) =>
        Users.TryGetValue(name, out var user) ? user.Credential(mechanism) : null;

    /// <summary>Whether some entry lets <paramref name="principal"/> do <paramref name="permission"/> on the named resource.</summary>
    public bool Allows(string principal, AclPermission permission, AclResource resource, string name)
    {
        foreach (var entry in Acls)
            if (entry.Allows(principal, permission, resource, name)) return true;
        return false;
    }

    /// <summary>Whether <paramref name="principal"/> has any permission on the named resource (enough to see that it exists).</summary>
    public bool Sees(string principal, AclResource resource, string name)
    {
        foreach (var entry in Acls)
            if (entry.Resource == resource && (entry.Principal == "*" || entry.Principal == principal) && Glob.Matches(entry.Pattern, name)) return true;
        return false;
    }
}
