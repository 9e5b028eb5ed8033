using Actors.Security;

namespace Actors.Client;

/// <summary>
/// The cluster's users and ACLs through a node's gateway (admin on the cluster needed when authentication is on).
/// Passwords are turned into SCRAM credentials here, on the caller's machine: no node ever sees one. A refusal is a
/// <see cref="ClusterAdminException"/> with the node's one-line reason; a success returns its one-line message.
/// </summary>
public sealed class SecurityAdmin(IActorRef gateway, TimeSpan timeout)
{
    /// <summary>Adds <paramref name="user"/>, or gives it a new password.</summary>
    public Task<string> PutUserAsync(string user, string password, CancellationToken cancellationToken = default) =>
        UserRecord.Invalid(user) is { } invalid
            ? Task.FromException<string>(new ClusterAdminException(invalid))
            : SendAsync(new PutUser(UserRecord.Create(user, password)), cancellationToken);

    /// <summary>Removes <paramref name="user"/> and the ACL entries naming it.</summary>
    public Task<string> RemoveUserAsync(string user, CancellationToken cancellationToken = default) => SendAsync(new RemoveUser(user), cancellationToken);

    public Task<string> AddAclAsync(AclEntry entry, CancellationToken cancellationToken = default) =>
        entry.Invalid() is { } invalid ? Task.FromException<string>(new ClusterAdminException(invalid)) : SendAsync(new AddAcl(entry), cancellationToken);

    public Task<string> RemoveAclAsync(AclEntry entry, CancellationToken cancellationToken = default) => SendAsync(new RemoveAcl(entry), cancellationToken);

    /// <summary>The users (names and mechanisms) and every ACL entry.</summary>
    public Task<SecurityListing> ListAsync(CancellationToken cancellationToken = default) =>
        gateway.Ask<SecurityListing>(ListSecurity.Instance, timeout, cancellationToken);

    private async Task<string> SendAsync(object command, CancellationToken cancellationToken)
    {
        var reply = await gateway.Ask<object>(command, timeout, cancellationToken);
        return reply switch
        {
            SecurityCommandDone done => done.Message,
            SecurityCommandRefused refused => throw new ClusterAdminException(refused.Reason),
            _ => throw new ClusterAdminException($"unexpected reply {reply.GetType().Name}"),
        };
    }
}
