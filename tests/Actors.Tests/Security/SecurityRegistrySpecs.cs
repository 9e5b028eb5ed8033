using Actors.Security;

namespace Actors.Tests.Security;

/// <summary>
/// The users and ACL registry on a one-node cluster with authentication on: changes are answered in one line and
/// reach the node's view (what the doors read), removing a user removes its entries, bad entries are refused, the
/// bootstrap admin is added once, and a registry started again recovers the same state from its journal.
/// </summary>
public sealed class SecurityRegistrySpecs(ITestOutputHelper output) : BrokerSpec(output,
    "actors.security { authentication = on, admin-password = \"first\" }")
{
    private Actors.Security.Security Security => Actors.Security.Security.Get(Sys);

    [Fact]
    public async Task Should_keep_users_and_acls_and_answer_the_doors_from_the_view()
    {
        // arrange: the bootstrap admin arrives in the view
        _ = Broker;
        AwaitCondition(() => Security.State?.Users.ContainsKey("admin") == true, Wait, "the bootstrap admin should reach the view");
        Assert.Equal("admin", Security.Authenticate("admin", "first", "spec", out _));
        Assert.Null(Security.Authenticate("admin", "second", "spec", out var reason));
        Assert.Equal("wrong user name or password", reason);

        // act: a user and two entries, one of them refused
        Assert.Equal("user 'alice' added", await Send<SecurityCommandDone>(new PutUser(UserRecord.Create("alice", "pw", 16))));
        Assert.Equal("user 'admin' exists already", await Send<SecurityCommandDone>(new PutUser(UserRecord.Create("admin", "other", 16), OnlyIfMissing: true)));
        var entry = new AclEntry("alice", AclPermission.Produce, AclResource.Topic, "orders.*");
        Assert.Equal("ACL entry added: alice produce topic orders.*", await Send<SecurityCommandDone>(new AddAcl(entry)));
        Assert.Equal("produce applies to topics only (--topic PATTERN)",
            await Send<SecurityCommandRefused>(new AddAcl(entry with { Resource = AclResource.Group })));

        // assert: the doors' answers follow
        AwaitCondition(() => Security.Allows("alice", AclPermission.Produce, AclResource.Topic, "orders.eu"), Wait, "the entry should reach the view");
        Assert.Equal("alice", Security.Authenticate("alice", "pw", "spec", out _));
        Assert.Equal("not authorized: user 'alice' may not produce to topic 'payments'",
            Security.Deny("alice", AclPermission.Produce, AclResource.Topic, "payments", "spec"));
        Assert.Null(Security.Deny("admin", AclPermission.Admin, AclResource.Cluster, "*", "spec"));
        Assert.Equal("admin", Security.Authenticate("admin", "first", "spec", out _));

        // a registry started again recovers the same users and entries
        var listing = await Security.Registry.Ask<SecurityListing>(ListSecurity.Instance, Wait);
        var again = Sys.ActorOf(SecurityRegistry.Props());
        var recovered = await again.Ask<SecurityListing>(ListSecurity.Instance, Wait);
        Assert.Equal(listing.Users.Select(u => u.Name), recovered.Users.Select(u => u.Name));
        Assert.Equal(listing.Acls, recovered.Acls);
        Sys.Stop(again);

        // removing alice removes her entry, and she can no longer log in
        Assert.Equal("user 'alice' removed, with its ACL entries", await Send<SecurityCommandDone>(new RemoveUser("alice")));
        AwaitCondition(() => Security.State!.Acls.Count == 0 && !Security.State.Users.ContainsKey("alice"), Wait, "the removal should reach the view");
        Assert.Null(Security.Authenticate("alice", "pw", "spec", out _));
        Assert.StartsWith("no user is named 'alice'", await Send<SecurityCommandRefused>(new RemoveUser("alice")));
    }

    private async Task<string> Send<T>(object command)
    {
        var reply = await Security.Registry.Ask<object>(command, Wait);
        return reply switch
        {
            SecurityCommandDone done when typeof(T) == typeof(SecurityCommandDone) => done.Message,
            SecurityCommandRefused refused when typeof(T) == typeof(SecurityCommandRefused) => refused.Reason,
            _ => throw new Xunit.Sdk.XunitException($"unexpected {reply}"),
        };
    }
}
