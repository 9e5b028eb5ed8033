using Akka.Cluster.Tools.Singleton;

namespace Actors.Security;

/// <summary>The <c>actors.security</c> settings of a node.</summary>
public sealed record SecuritySettings(bool Authentication, IReadOnlySet<string> SuperUsers, string AdminUser, string AdminPassword)
{
    /// <summary>Logged-in connections one user may have to one node's native gateway.</summary>
    public int MaxConnectionsPerPrincipal { get; init; } = 100;

    /// <summary>Requests per second one user may send to one node's native gateway, over all its connections.</summary>
    public int MaxRequestsPerSecondPerPrincipal { get; init; } = 10_000;

    public static SecuritySettings Create(ActorSystem system) => Create(system.Settings.Config);

    public static SecuritySettings Create(Config config)
    {
        var section = new SettingsSection(config, "actors.security");
        var root = config.GetConfig("actors.security");
        return new SecuritySettings(
            section.Boolean("authentication"),
            root.GetStringList("super-users").ToHashSet(StringComparer.Ordinal),
            section.String("admin-user"),
            section.String("admin-password"))
        {
            MaxConnectionsPerPrincipal = section.PositiveInt("max-connections-per-principal"),
            MaxRequestsPerSecondPerPrincipal = section.PositiveInt("max-requests-per-second-per-principal"),
        };
    }
}

/// <summary>
/// Users and permissions on one node, as an Akka extension (<c>Security.Get(system)</c>): it starts the
/// <see cref="SecurityRegistry"/> singleton (where the topics live) and this node's <see cref="SecurityView"/>, and
/// answers the doors' two questions from the newest state: who is this (<see cref="Authenticate"/>, and the SCRAM
/// credential a Kafka login needs) and may they do this (<see cref="Deny"/>). With authentication off every request
/// is allowed, as before there were users. A denial is logged once, naming the principal and the door.
/// </summary>
public sealed class Security : IExtension
{
    /// <summary>The principal of requests when authentication is off.</summary>
    public const string Anonymous = "ANONYMOUS";

    private readonly ILoggingAdapter _log;
    private SecurityState? _state;
    private bool _ready;

    public Security(ExtendedActorSystem system)
    {
        Settings = SecuritySettings.Create(system);
        _log = Logging.GetLogger(system, "actors.security");
        var roleName = system.Settings.Config.GetString("actors.topics.role", "");
        var role = string.IsNullOrEmpty(roleName) ? null : roleName;
        const string registryName = "security-registry";
        if (role is null || Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(role))
            system.ActorOf(ClusterSingletonManager.Props(SecurityRegistry.Props(), PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(role).WithSingletonName("security")), registryName);
        Registry = system.ActorOf(ClusterSingletonProxy.Props((system.Guardian.Path / registryName).ToStringWithoutAddress(),
            ClusterSingletonProxySettings.Create(system).WithRole(role).WithSingletonName("security")), "security-registry-proxy");
        system.ActorOf(SecurityView.Props(Registry, Publish), "security-view");
        if (Settings.AdminPassword.Length > 0 && UserRecord.Invalid(Settings.AdminUser) is null)
            Registry.Tell(new PutUser(UserRecord.Create(Settings.AdminUser, Settings.AdminPassword), OnlyIfMissing: true));
    }

    public SecuritySettings Settings { get; }

    /// <summary>The registry (a proxy to the cluster singleton): users and ACL requests go here.</summary>
    public IActorRef Registry { get; }

    /// <summary>Whether clients must log in and ACLs apply.</summary>
    public bool Enabled => Settings.Authentication;

    /// <summary>
    /// The newest users and ACLs this node has heard of; null until the registry first answered, and (with
    /// <c>admin-password</c> set) until its admin user is there, so the first logins of a new cluster do not race it.
    /// </summary>
    public SecurityState? State => Volatile.Read(ref _ready) ? Volatile.Read(ref _state) : null;

    public static Security Get(ActorSystem system) => system.WithExtension<Security, SecurityProvider>();

    /// <summary>
    /// Checks a user and password (given in the clear over TLS, or by SASL/PLAIN): the principal's name, or null
    /// with <paramref name="reason"/> (one line, the same for an unknown user as for a wrong password).
    /// </summary>
    public string? Authenticate(string user, string password, string door, out string reason)
    {
        if (State is not { } state)
        {
            reason = "the node has not loaded its users yet: try again in a moment";
            return null;
        }

        if (state.Authenticate(user, password) is { } found)
        {
            reason = "";
            return found.Name;
        }

        reason = "wrong user name or password";
        _log.Warning("authentication failed for user '{0}' on the {1}", user, door);
        return null;
    }

    /// <summary>
    /// Null when <paramref name="principal"/> may do <paramref name="permission"/> on the named resource; else the
    /// denial as one line, which is also logged with the principal and <paramref name="door"/>.
    /// </summary>
    public string? Deny(string principal, AclPermission permission, AclResource resource, string name, string door)
    {
        if (Allows(principal, permission, resource, name)) return null;
        var what = resource == AclResource.Cluster ? "the cluster" : $"{AclEntry.Text(resource)} '{name}'";
        var verb = permission switch
        {
            AclPermission.Produce => "produce to",
            AclPermission.Consume => resource == AclResource.Group ? "consume in" : "consume from",
            AclPermission.Pipelines => "run",
            _ => "administer",
        };
        return Denied($"not authorized: user '{principal}' may not {verb} {what}", door);
    }

    /// <summary>
    /// Null when <paramref name="principal"/> may see the named resource (<see cref="Sees"/>); else the denial as one
    /// line, also logged.
    /// </summary>
    public string? DenySee(string principal, AclResource resource, string name, string door) =>
        Sees(principal, resource, name) ? null : Denied($"not authorized: user '{principal}' has no permission on {AclEntry.Text(resource)} '{name}'", door);

    private string Denied(string line, string door)
    {
        _log.Warning("denied on the {0}: {1}", door, line);
        return line;
    }

    /// <summary>Whether <paramref name="principal"/> may do <paramref name="permission"/> on the named resource (no log line).</summary>
    public bool Allows(string principal, AclPermission permission, AclResource resource, string name) =>
        !Enabled || Settings.SuperUsers.Contains(principal) || (State?.Allows(principal, permission, resource, name) ?? false);

    /// <summary>Whether <paramref name="principal"/> may see that the named resource exists (any permission on it).</summary>
    public bool Sees(string principal, AclResource resource, string name) =>
        !Enabled || Settings.SuperUsers.Contains(principal) || (State?.Sees(principal, resource, name) ?? false);

    private void Publish(SecuritySnapshot snapshot)
    {
        if (State is { } current && current.Version > snapshot.Version) return;
        var users = snapshot.Users.ToDictionary(u => u.Name, StringComparer.Ordinal);
        Volatile.Write(ref _state, new SecurityState(users, snapshot.Acls, snapshot.Version));
        // Once ready, for good: an operator may remove the admin user later.
        if (Settings.AdminPassword.Length == 0 || UserRecord.Invalid(Settings.AdminUser) is not null || users.ContainsKey(Settings.AdminUser))
            Volatile.Write(ref _ready, true);
    }
}

internal sealed class SecurityProvider : ExtensionIdProvider<Security>
{
    public override Security CreateExtension(ExtendedActorSystem system) => new(system);
}
