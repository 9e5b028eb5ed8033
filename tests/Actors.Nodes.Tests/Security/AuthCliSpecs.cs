using Actors.Client;
using Actors.Security;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Nodes.Tests.Security;

/// <summary>
/// Users and ACLs from the command line and the .NET client, against the built <c>actors</c> binary with
/// <c>--auth</c>: the first user comes from <c>ACTORS_ADMIN_PASSWORD</c>; without a login, and with a wrong
/// password, a command is refused in one line; the admin adds a user and an ACL entry; that user publishes where the
/// entry allows, is denied elsewhere (one line, exit 1, nothing written) and sees only its topics; removing the user
/// removes its entries; the .NET client logs in with <see cref="ClientCredential"/> and is denied the same way.
/// </summary>
public sealed class AuthCliSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly int _port = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;

    public AuthCliSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("auth", output);
    }

    private string Node => $"127.0.0.1:{_port}";

    [Fact]
    public async Task Should_log_users_in_and_allow_only_what_their_acl_entries_allow()
    {
        // arrange: a node that requires a login, its first user from the environment
        var node = _processes.Start(["node", "--port", _port.ToString(), "--kafka-port", "off", "--auth"],
            new Dictionary<string, string> { ["ACTORS_ADMIN_PASSWORD"] = "admin-secret" });
        await node.WaitForLineAsync("member up:", Wait);

        // act and assert: no login, a wrong password, a user without a password
        var anonymous = await RunAsync(null, null, "topics");
        Assert.Equal((1, "error: this node requires a login: give a user (--user NAME, with ACTORS_PASSWORD or --password-file FILE)\n"),
            (anonymous.ExitCode, anonymous.Error));
        var wrong = await RunAsync("admin", "not-it", "topics");
        Assert.Equal((2, $"error: the node at {Node} refused the login as 'admin': wrong user name or password\n"), (wrong.ExitCode, wrong.Error));
        var noPassword = await RunAsync("admin", null, "topics");
        Assert.Equal((2, "error: --user admin needs a password: set ACTORS_PASSWORD, or give --password-file FILE\n"), (noPassword.ExitCode, noPassword.Error));

        // the admin adds alice (password on standard input, never on the command line) and lets her produce to orders.*
        var added = await RunAsync("admin", "admin-secret", ["users", "add", "alice"], "alice-secret\n");
        Assert.Equal((0, "user 'alice' added\n"), (added.ExitCode, added.Output));
        var allowed = await RunAsync("admin", "admin-secret", "acl", "add", "--principal", "alice", "--allow", "produce", "--topic", "orders.*");
        Assert.Equal((0, "ACL entry added: alice produce topic orders.*\n"), (allowed.ExitCode, allowed.Output));
        var badAcl = await RunAsync("admin", "admin-secret", "acl", "add", "--principal", "alice", "--allow", "produce", "--group", "g");
        Assert.Equal((2, "error: produce applies to topics only (--topic PATTERN)\n"), (badAcl.ExitCode, badAcl.Error));
        Assert.Matches(@"^USER\s+MECHANISMS\nadmin\s+SCRAM-SHA-256,SCRAM-SHA-512\nalice\s+SCRAM-SHA-256,SCRAM-SHA-512\n$",
            (await RunAsync("admin", "admin-secret", "users")).Output);
        Assert.Matches(@"^USER\s+ALLOW\s+RESOURCE\s+PATTERN\nalice\s+produce\s+topic\s+orders\.\*\n$", (await RunAsync("admin", "admin-secret", "acl")).Output);

        // alice, from a password file: publishes to orders.eu, is denied payments, consuming, creating, users
        var passwordFile = await _processes.Folder.WriteAsync("alice.pw", "alice-secret\n");
        var published = await RunAsync("alice", null, ["publish", "orders.eu", "--password-file", passwordFile], "one\ntwo\n");
        Assert.Equal(0, published.ExitCode);
        Assert.StartsWith("published 2 messages to orders.eu", published.Output);
        var denied = await RunAsync("alice", "alice-secret", ["publish", "payments"], "one\n");
        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith("error: line 1: not authorized: user 'alice' has no permission on topic 'payments'", denied.Error);
        var consume = await RunAsync("alice", "alice-secret", "consume", "orders.eu", "--max", "1");
        Assert.Equal((1, "error: not authorized: user 'alice' may not consume from topic 'orders.eu'\n"), (consume.ExitCode, consume.Error));
        var create = await RunAsync("alice", "alice-secret", "topics", "create", "orders.us");
        Assert.Equal((1, "error: not authorized: user 'alice' may not administer topic 'orders.us'\n"), (create.ExitCode, create.Error));
        var users = await RunAsync("alice", "alice-secret", "users");
        Assert.Equal((1, "error: not authorized: user 'alice' may not administer the cluster\n"), (users.ExitCode, users.Error));
        var topics = await RunAsync("alice", "alice-secret", "topics");
        Assert.Equal(0, topics.ExitCode);
        Assert.Matches(@"\norders\.eu\s+8\s+2\s", topics.Output);

        // the admin sees every topic, payments was never created, and each denial was logged once with its user
        var all = await RunAsync("admin", "admin-secret", "topics");
        Assert.Contains("orders.eu", all.Output);
        Assert.DoesNotContain("payments", all.Output);
        await node.WaitForLineAsync("denied on the native gateway: not authorized: user 'alice' may not administer the cluster", Wait);

        // the .NET client: logged in as alice it publishes to orders.eu and is denied payments
        await using (var client = await GatewayClient.ConnectAsync(Node, "actors", Wait, credential: new ClientCredential("alice", "alice-secret")))
        {
            var ack = await client.Topics.PublishAsync(new TopicName("orders.eu"), "three"u8.ToArray(), timeout: Wait);
            Assert.True(ack.Offset >= 0);
            var refused = await Assert.ThrowsAsync<TopicException>(() => client.Topics.PublishAsync(new TopicName("payments"), "x"u8.ToArray(), timeout: Wait));
            Assert.Equal("not authorized: user 'alice' has no permission on topic 'payments'", refused.Message);
        }

        await using (var client = await GatewayClient.ConnectAsync(Node, "actors", Wait))
        {
            var refused = await Assert.ThrowsAsync<TopicException>(() => client.Topics.PublishAsync(new TopicName("orders.eu"), "x"u8.ToArray(), timeout: Wait));
            Assert.StartsWith("this node requires a login", refused.Message);
        }

        var badLogin = await Assert.ThrowsAsync<ConnectionException>(() =>
            GatewayClient.ConnectAsync(Node, "actors", Wait, credential: new ClientCredential("alice", "nope")));
        Assert.Equal($"the node at {Node} refused the login as 'alice': wrong user name or password", badLogin.Message);

        // removing alice removes her entry; she can no longer log in
        var removed = await RunAsync("admin", "admin-secret", "users", "remove", "alice");
        Assert.Equal((0, "user 'alice' removed, with its ACL entries\n"), (removed.ExitCode, removed.Output));
        Assert.Equal("(no ACL entries: add one with `actors acl add --principal NAME --allow produce --topic PATTERN`)\n", (await RunAsync("admin", "admin-secret", "acl")).Output);
        Assert.Equal(2, (await RunAsync("alice", "alice-secret", "topics")).ExitCode);
    }

    [Fact]
    public async Task Should_limit_a_users_connections_and_requests_per_node()
    {
        // arrange: at most 2 connections and 10 requests a second per user
        var config = await _processes.Folder.WriteAsync("limits.conf",
            "actors.security { max-connections-per-principal = 2, max-requests-per-second-per-principal = 10 }\n");
        var node = _processes.Start(["node", "--port", _port.ToString(), "--kafka-port", "off", "--auth", "--config", config],
            new Dictionary<string, string> { ["ACTORS_ADMIN_PASSWORD"] = "admin-secret" });
        await node.WaitForLineAsync("member up:", Wait);
        var admin = new ClientCredential("admin", "admin-secret");

        // act: two connections; a third is refused while they are open
        await using var first = await GatewayClient.ConnectAsync(Node, "actors", Wait, credential: admin);
        await using (var second = await GatewayClient.ConnectAsync(Node, "actors", Wait, credential: admin))
        {
            var third = await Assert.ThrowsAsync<ConnectionException>(() => GatewayClient.ConnectAsync(Node, "actors", Wait, credential: admin));
            Assert.Equal($"the node at {Node} refused the login as 'admin': the user has 2 connections to this node already, the most it may have", third.Message);
        }

        // 40 publishes one after another: the first 10 or so at once, the rest at 10 a second (a lower bound, whatever the machine)
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 40; i++) await first.Topics.PublishAsync(new TopicName("paced"), [(byte)i], timeout: Wait);
        var elapsed = clock.Elapsed;

        // assert: the wait was the limit's (every publish was confirmed, none refused)
        _output.WriteLine($"40 publishes took {elapsed.TotalSeconds:0.0} s");
        Assert.True(elapsed >= TimeSpan.FromSeconds(2), $"40 publishes at 10 requests a second took only {elapsed.TotalSeconds:0.0} s");
        await node.WaitForLineAsync("login of user 'admin' from", Wait);
    }

    private Task<CliResult> RunAsync(string? user, string? password, params string[] args) => RunAsync(user, password, args, null);

    private async Task<CliResult> RunAsync(string? user, string? password, string[] args, string? input)
    {
        var environment = new Dictionary<string, string> { ["ACTORS_PASSWORD"] = password ?? "" };
        string[] login = user is null ? [] : ["--user", user];
        var result = await _processes.RunAsync([.. args, .. login, "--node", Node, "--timeout", "60"], Wait, environment, input);
        _output.WriteLine($"actors {string.Join(' ', args)} as {user ?? "nobody"} -> {result.ExitCode}\n{result.Output}{result.Error}");
        return result;
    }

    public void Dispose() => _processes.Dispose();
}
