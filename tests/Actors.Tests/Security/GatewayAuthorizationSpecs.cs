using Actors.Consumers;
using Actors.Gateway;
using Actors.Partitions;
using Actors.Security;
using Actors.Topics;

namespace Actors.Tests.Security;

/// <summary>
/// What each native gateway request needs of a user, with authentication on: publishing needs produce on the topic,
/// consuming and seeking consume on the topic and the group, seeing a topic any permission on it, creating and
/// deleting admin on it, cluster requests and users admin on the cluster, and a request the map does not know admin
/// on the cluster; super users pass everything. Denied requests are answered in the reply their client code expects.
/// </summary>
public sealed class GatewayAuthorizationSpecs(ITestOutputHelper output) : BrokerSpec(output, "actors.security.authentication = on")
{
    private static readonly TopicName Orders = new("orders.eu");
    private static readonly TopicName Payments = new("payments");
    private static readonly GroupName Billing = new("billing");

    [Fact]
    public async Task Should_ask_of_each_request_the_permission_it_needs()
    {
        // arrange: alice produces to orders.*, consumes orders.* in group billing, and administers topics named tmp-*
        var security = Actors.Security.Security.Get(Sys);
        foreach (var entry in new[]
                 {
                     new AclEntry("alice", AclPermission.Produce, AclResource.Topic, "orders.*"),
                     new AclEntry("alice", AclPermission.Consume, AclResource.Topic, "orders.*"),
                     new AclEntry("alice", AclPermission.Consume, AclResource.Group, "billing"),
                     new AclEntry("alice", AclPermission.Admin, AclResource.Topic, "tmp-*"),
                 })
            Assert.IsType<SecurityCommandDone>(await security.Registry.Ask<object>(new AddAcl(entry), Wait));
        AwaitCondition(() => security.State?.Acls.Count == 4, Wait, "the entries should reach the view");
        string? Check(object message) => GatewayAuthorization.Check(security, "alice", message);

        // act and assert
        Assert.Null(Check(new Publish(Orders, [1])));
        Assert.Equal("not authorized: user 'alice' may not produce to topic 'payments'", Check(new Publish(Payments, [1])));
        Assert.Null(Check(new OpenConsumer(Orders, Billing, 10, StartFrom.Earliest, TestActor)));
        Assert.Equal("not authorized: user 'alice' may not consume in group 'audit'", Check(new OpenConsumer(Orders, new GroupName("audit"), 10, StartFrom.Earliest, TestActor)));
        Assert.Null(Check(new SeekPartition(Orders, 0, Billing, StartFrom.Latest)));
        Assert.Null(Check(new GetPartitionStatus(Orders, 0)));
        Assert.Equal("not authorized: user 'alice' has no permission on topic 'payments'", Check(new GetTopic(Payments, CreateIfMissing: true)));
        Assert.Null(Check(new CreateTopic(new TopicName("tmp-1"))));
        Assert.Equal("not authorized: user 'alice' may not administer topic 'orders.eu'", Check(new DeleteTopic(Orders)));
        Assert.Null(Check(ListTopics.Instance));
        Assert.Equal("not authorized: user 'alice' may not administer the cluster", Check(new LeaveMember("127.0.0.1:4053")));
        Assert.Equal("not authorized: user 'alice' may not administer the cluster", Check(new AddAcl(new AclEntry("alice", AclPermission.Admin, AclResource.Cluster, "*"))));
        Assert.Equal("not authorized: user 'alice' may not administer the cluster", Check("a request nobody mapped"));
        Assert.Null(GatewayAuthorization.Check(security, "admin", new LeaveMember("127.0.0.1:4053")));

        // lists show only what alice may see
        var topics = new TopicList([Broker.Settings.DefaultSpec(Orders), Broker.Settings.DefaultSpec(Payments)]);
        Assert.Equal([Orders], GatewayAuthorization.Filter(security, "alice", topics).Topics.Select(t => t.Name));
    }

    [Fact]
    public void Should_answer_a_denied_request_the_way_its_client_code_expects()
    {
        GatewayAuthorization.Refuse(new Publish(Payments, [1], CorrelationId: 7), "no", TestActor);
        Assert.Equal(new PublishRejected(Payments, "no", 7, PublishError.Denied), ExpectMsg<PublishRejected>());

        GatewayAuthorization.Refuse(new CreateTopic(Payments), "no", TestActor);
        Assert.Equal(new TopicNotFound(Payments, "no"), ExpectMsg<TopicNotFound>());

        GatewayAuthorization.Refuse(new LeaveMember("x"), "no", TestActor);
        Assert.Equal("no", Assert.IsType<UnauthorizedAccessException>(ExpectMsg<Status.Failure>().Cause).Message);
    }
}
