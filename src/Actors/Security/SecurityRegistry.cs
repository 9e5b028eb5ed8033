using Akka.Persistence;

namespace Actors.Security;

/// <summary>
/// The cluster's users and ACLs: a persistent actor run as a cluster singleton (beside the topic registry), its
/// changes journaled, so they survive restarts and every node agrees. Each node's <see cref="SecurityView"/> watches
/// it and gets the whole state after every change. Users carry SCRAM credentials only (salt, iterations, stored and
/// server keys); removing a user removes the ACL entries that name it.
/// </summary>
internal sealed class SecurityRegistry : ReceivePersistentActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    private readonly List<AclEntry> _acls = [];
    private readonly HashSet<IActorRef> _watchers = [];
    private long _version;

    public SecurityRegistry()
    {
        Recover<UserPut>(Apply);
        Recover<UserRemoved>(Apply);
        Recover<AclAdded>(Apply);
        Recover<AclRemoved>(Apply);
        Command<PutUser>(HandlePutUser);
        Command<RemoveUser>(HandleRemoveUser);
        Command<AddAcl>(HandleAddAcl);
        Command<RemoveAcl>(HandleRemoveAcl);
        Command<ListSecurity>(_ => Sender.Tell(Listing()));
        Command<WatchSecurity>(watch =>
        {
            if (_watchers.Add(watch.Watcher)) Context.Watch(watch.Watcher);
            if (watch.Version != _version) watch.Watcher.Tell(Snapshot());
        });
        Command<Terminated>(t => _watchers.Remove(t.ActorRef));
    }

    public override string PersistenceId => "security-registry";

    public static Props Props() => Akka.Actor.Props.Create(() => new SecurityRegistry());

    private void HandlePutUser(PutUser put)
    {
        if (UserRecord.Invalid(put.User.Name) is { } invalid) Refuse(invalid);
        else if (put.User.Credentials.Count == 0) Refuse($"user '{put.User.Name}' needs a credential");
        else if (put.OnlyIfMissing && _users.ContainsKey(put.User.Name)) Sender.Tell(new SecurityCommandDone($"user '{put.User.Name}' exists already"));
        else
        {
            var existed = _users.ContainsKey(put.User.Name);
            Change(new UserPut(put.User), existed ? $"user '{put.User.Name}' has a new password" : $"user '{put.User.Name}' added");
        }
    }

    private void HandleRemoveUser(RemoveUser remove)
    {
        if (!_users.ContainsKey(remove.Name)) Refuse($"no user is named '{remove.Name}' (`actors users list` lists them)");
        else Change(new UserRemoved(remove.Name), $"user '{remove.Name}' removed, with its ACL entries");
    }

    private void HandleAddAcl(AddAcl add)
    {
        if (add.Entry.Invalid() is { } invalid) Refuse(invalid);
        else if (_acls.Contains(add.Entry)) Sender.Tell(new SecurityCommandDone($"ACL entry exists already: {add.Entry}"));
        else Change(new AclAdded(add.Entry), $"ACL entry added: {add.Entry}");
    }

    private void HandleRemoveAcl(RemoveAcl remove)
    {
        if (!_acls.Contains(remove.Entry)) Refuse($"no such ACL entry: {remove.Entry} (`actors acl list` lists them)");
        else Change(new AclRemoved(remove.Entry), $"ACL entry removed: {remove.Entry}");
    }

    private void Change(object change, string done)
    {
        var sender = Sender;
        Persist(change, e =>
        {
            Apply(e);
            _log.Info("security: {0}", done);
            sender.Tell(new SecurityCommandDone(done));
            var snapshot = Snapshot();
            foreach (var watcher in _watchers) watcher.Tell(snapshot);
        });
    }

    private void Refuse(string reason) => Sender.Tell(new SecurityCommandRefused(reason));

    private void Apply(object change)
    {
        switch (change)
        {
            case UserPut put:
                _users[put.User.Name] = put.User;
                break;
            case UserRemoved removed:
                _users.Remove(removed.Name);
                _acls.RemoveAll(a => a.Principal == removed.Name);
                break;
            case AclAdded added when !_acls.Contains(added.Entry):
                _acls.Add(added.Entry);
                break;
            case AclRemoved removed:
                _acls.Remove(removed.Entry);
                break;
        }

        _version++;
    }

    private SecuritySnapshot Snapshot() => new([.. _users.Values], [.. _acls], _version);

    private SecurityListing Listing() => new(
        _users.Values.OrderBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => new UserSummary(u.Name, u.Credentials.Select(c => c.MechanismName).Order(StringComparer.Ordinal).ToList())).ToList(),
        [.. _acls]);
}
