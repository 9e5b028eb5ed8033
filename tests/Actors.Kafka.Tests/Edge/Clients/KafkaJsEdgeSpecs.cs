namespace Actors.Kafka.Tests.Edge.Clients;

/// <summary>
/// kafkajs 2.2.4 (pure JavaScript, tests/clients) against an in-process node serving the data path and the group
/// APIs on one listener (<see cref="EdgeWithGroups"/>): keyed messages with acks=-1 read by a consumer group of two
/// members that rebalances when the second joins. The same scenario runs against an <c>actors node</c> process in
/// Actors.Nodes.Tests (<c>KafkaJsNodeSpecs</c>) once the node's listener serves the group APIs.
/// </summary>
public sealed class KafkaJsEdgeSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Should_serve_kafkajs_producing_with_acks_all_to_a_group_that_rebalances_when_a_second_member_joins()
    {
        // arrange
        await using var edge = await EdgeWithGroups.StartAsync("kafkajs-edge", output, "a");

        // act / assert
        await KafkaJsScenarios.ProduceAndConsumeWithTwoMembersAsync(edge.Bootstrap, "js-orders", output, Wait);
    }

    [Fact]
    public async Task Should_keep_one_copy_per_message_from_an_idempotent_kafkajs_producer()
    {
        // arrange
        await using var edge = await EdgeWithGroups.StartAsync("kafkajs-idempotent", output, "a");
        var kcat = ExternalTool.Require("kcat", "kcat");

        // act
        await KafkaJsScenarios.ProduceIdempotentlyAsync(edge.Bootstrap, "js-idempotent", output, Wait);
        var read = await ExternalTool.RunAsync(kcat, ["-C", "-b", edge.Bootstrap, "-t", "js-idempotent", "-o", "beginning", "-e", "-q", "-f", "%k %s\\n"], Wait);

        // assert
        Assert.True(read.ExitCode == 0, read.ToString());
        KafkaJsScenarios.AssertOncePerKeyInOrder(read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), 1000);
    }
}
