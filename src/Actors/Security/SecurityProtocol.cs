using Actors.Serialization;

namespace Actors.Security;

/// <summary>
/// Add or replace a user (<see cref="UserRecord"/>: the CLI derives the SCRAM credentials, so no password reaches a
/// node). With <paramref name="OnlyIfMissing"/>, an existing user is kept as it is (a node's bootstrap admin).
/// Answered with <see cref="SecurityCommandDone"/> or <see cref="SecurityCommandRefused"/>.
/// </summary>
public sealed record PutUser(UserRecord User, bool OnlyIfMissing = false) : IActorsWireMessage;

/// <summary>Remove a user and every ACL entry naming it. Answered as <see cref="PutUser"/>.</summary>
public sealed record RemoveUser(string Name) : IActorsWireMessage;

/// <summary>Add an ACL entry (adding one that exists changes nothing). Answered as <see cref="PutUser"/>.</summary>
public sealed record AddAcl(AclEntry Entry) : IActorsWireMessage;

/// <summary>Remove an ACL entry. Answered as <see cref="PutUser"/>; refused when no such entry exists.</summary>
public sealed record RemoveAcl(AclEntry Entry) : IActorsWireMessage;

/// <summary>Ask for the users (names and mechanisms, never keys) and ACLs; answered with <see cref="SecurityListing"/>.</summary>
public sealed class ListSecurity : IActorsWireMessage
{
    public static ListSecurity Instance { get; } = new();
    private ListSecurity() { }
}

/// <summary>Users with the SASL names of their mechanisms, and every ACL entry.</summary>
public sealed record SecurityListing(IReadOnlyList<UserSummary> Users, IReadOnlyList<AclEntry> Acls) : IActorsWireMessage;

/// <summary>A user as listed: its name and mechanisms (<c>SCRAM-SHA-256</c>, ...).</summary>
public sealed record UserSummary(string Name, IReadOnlyList<string> Mechanisms);

/// <summary>The change was made (or there was nothing to change); the message says which, in one line.</summary>
public sealed record SecurityCommandDone(string Message) : IActorsWireMessage;

/// <summary>The change was refused; the reason is one line.</summary>
public sealed record SecurityCommandRefused(string Reason) : IActorsWireMessage;

/// <summary>
/// Ask the registry for its whole state, now (unless the watcher has <paramref name="Version"/> already) and after
/// every change; a node's <see cref="SecurityView"/> asks again every few seconds, in case the registry moved.
/// </summary>
internal sealed record WatchSecurity(IActorRef Watcher, long Version = -1) : IActorsWireMessage;

/// <summary>The registry's whole state (users with their credentials, ACLs), sent to watchers.</summary>
internal sealed record SecuritySnapshot(IReadOnlyList<UserRecord> Users, IReadOnlyList<AclEntry> Acls, long Version) : IActorsWireMessage;

/// <summary>Registry events, journaled.</summary>
internal sealed record UserPut(UserRecord User) : IActorsWireMessage;

internal sealed record UserRemoved(string Name) : IActorsWireMessage;

internal sealed record AclAdded(AclEntry Entry) : IActorsWireMessage;

internal sealed record AclRemoved(AclEntry Entry) : IActorsWireMessage;
