using Actors.Kafka.Server;
using Actors.Security;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// The edge with authentication on and a SASL_PLAINTEXT listener, used by real clients: kcat logs in with PLAIN and
/// produces where an ACL lets it, gets TOPIC_AUTHORIZATION_FAILED where it may only consume, and sees only topics it
/// has a permission on; a wrong password is refused; kafka-python logs in with SCRAM-SHA-512 and is refused creating
/// and deleting topics without admin, which the admin user may do; a plain Kafka client that does not log in is closed.
/// </summary>
public sealed class EdgeAclSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly EdgeFixture _edge = new("edge-acl", output, "actors.security.authentication = on",
        s => s with { SecurityProtocol = KafkaSecurityProtocol.SaslPlaintext });

    public async Task InitializeAsync()
    {
        await _edge.StartAsync("a");
        var security = Security.Security.Get(_edge.Nodes[0]);
        await Done(security, new PutUser(UserRecord.Create("alice", "alice-secret")));
        await Done(security, new PutUser(UserRecord.Create("admin", "admin-secret")));
        await Done(security, new AddAcl(new AclEntry("alice", AclPermission.Produce, AclResource.Topic, "orders.*")));
        await Done(security, new AddAcl(new AclEntry("alice", AclPermission.Consume, AclResource.Topic, "orders.*")));
        await Done(security, new AddAcl(new AclEntry("alice", AclPermission.Consume, AclResource.Topic, "audit")));
        await Done(security, new AddAcl(new AclEntry("alice", AclPermission.Admin, AclResource.Topic, "orders.new")));
        await Poll.Until(() => security.State is { } state && state.Users.ContainsKey("alice") && state.Acls.Count == 4, EdgeFixture.Wait, "the node's view has the users and ACLs");
        var client = Broker.Get(_edge.Nodes[0]).Client;
        await client.CreateTopicAsync(new Topics.TopicName("orders.eu"), 1, EdgeFixture.Wait);
        await client.CreateTopicAsync(new Topics.TopicName("audit"), 1, EdgeFixture.Wait);
        await client.CreateTopicAsync(new Topics.TopicName("payroll"), 1, EdgeFixture.Wait);
    }

    public Task DisposeAsync() => _edge.DisposeAsync().AsTask();

    private static async Task Done(Security.Security security, object command)
    {
        var answer = await security.Registry.Ask<object>(command, EdgeFixture.Wait);
        Assert.True(answer is SecurityCommandDone, $"{command}: {answer}");
    }

    private string[] Plain(string user, string password) =>
        ["-b", _edge.Bootstrap, "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", $"sasl.username={user}", "-X", $"sasl.password={password}"];

    [Fact]
    public async Task Should_let_kcat_produce_and_consume_where_acls_allow_and_refuse_the_rest()
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");

        // act
        var listed = await Run(kcat, ["-L", .. Plain("alice", "alice-secret")]);
        var produced = await Run(kcat, ["-P", .. Plain("alice", "alice-secret"), "-t", "orders.eu", "-l", await Lines("one\ntwo\n")]);
        var consumed = await Run(kcat, ["-C", .. Plain("alice", "alice-secret"), "-t", "orders.eu", "-o", "beginning", "-e", "-q"]);
        var refused = await Run(kcat, ["-P", .. Plain("alice", "alice-secret"), "-t", "audit", "-l", await Lines("nope\n")]);
        var auditRead = await Run(kcat, ["-C", .. Plain("alice", "alice-secret"), "-t", "audit", "-o", "beginning", "-e", "-q"]);
        var wrong = await Run(kcat, ["-L", .. Plain("alice", "not-her-password"), "-m", "10"]);
        var audit = await Broker.Get(_edge.Nodes[0]).Client.ListTopicsAsync(EdgeFixture.Wait);

        // assert: alice sees the topics she has a permission on, not payroll
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("topic \"orders.eu\"", listed.Output, StringComparison.Ordinal);
        Assert.Contains("topic \"audit\"", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("payroll", listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, produced.ExitCode);
        Assert.Equal(["one", "two"], consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // produce to a topic she may only consume: TOPIC_AUTHORIZATION_FAILED, and nothing written
        Assert.Contains("Topic authorization failed", refused.Output + refused.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, auditRead.ExitCode);
        Assert.Equal("", auditRead.Output.Trim());
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("Authentication failed", wrong.Output + wrong.Error, StringComparison.Ordinal);
        Assert.Contains(audit, t => t.Name.Value == "payroll");
    }

    [Fact]
    public async Task Should_refuse_kafka_python_creating_or_deleting_topics_without_admin_over_scram_sha_512()
    {
        // arrange
        var python = ExternalTool.Require("/usr/bin/python3", "python3-kafka");
        const string script = """
            import sys
            from kafka import KafkaAdminClient, KafkaProducer, KafkaConsumer, TopicPartition
            from kafka.admin import NewTopic
            addr, user, password = sys.argv[1:4]
            auth = dict(bootstrap_servers=addr, security_protocol='SASL_PLAINTEXT', sasl_mechanism='SCRAM-SHA-512',
                        sasl_plain_username=user, sasl_plain_password=password, api_version_auto_timeout_ms=30000)
            def attempt(name, action):
                try:
                    action()
                    print(name, 'ok')
                except Exception as e:
                    print(name, type(e).__name__)
            admin = KafkaAdminClient(**auth)
            attempt('create', lambda: admin.create_topics([NewTopic('payroll.2', 1, 1)]))
            attempt('create-allowed', lambda: admin.create_topics([NewTopic('orders.new', 1, 1)]))
            attempt('delete', lambda: admin.delete_topics(['payroll']))
            producer = KafkaProducer(acks='all', **auth)
            producer.send('orders.eu', b'from-python').get(timeout=60)
            consumer = KafkaConsumer(**auth)
            tp = TopicPartition('orders.eu', 0)
            consumer.assign([tp])
            consumer.seek_to_beginning(tp)
            values = []
            while len(values) < 1:
                for records in consumer.poll(timeout_ms=1000).values():
                    values += [r.value.decode() for r in records if r.value == b'from-python']
            print('consumed', values[0])
            """;

        // act
        var alice = await Run(python, ["-c", script, _edge.Bootstrap, "alice", "alice-secret"]);
        var topics = await Broker.Get(_edge.Nodes[0]).Client.ListTopicsAsync(EdgeFixture.Wait);

        // assert
        Assert.True(alice.ExitCode == 0, alice.ToString());
        Assert.Contains("create TopicAuthorizationFailedError", alice.Output, StringComparison.Ordinal);
        Assert.Contains("create-allowed ok", alice.Output, StringComparison.Ordinal);
        Assert.Contains("delete TopicAuthorizationFailedError", alice.Output, StringComparison.Ordinal);
        Assert.Contains("consumed from-python", alice.Output, StringComparison.Ordinal);
        Assert.Contains(topics, t => t.Name.Value == "payroll");
        Assert.DoesNotContain(topics, t => t.Name.Value == "payroll.2");
    }

    private async Task<string> Lines(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"acl-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private async Task<ExternalTool.Result> Run(string program, string[] arguments)
    {
        var result = await ExternalTool.RunAsync(program, arguments, Timeout);
        output.WriteLine($"{program} {string.Join(' ', arguments)}\n{result}");
        return result;
    }
}
