using Actors.Testing;

namespace Actors.Nodes.Tests.Kafka;

/// <summary>
/// kafkajs 2.2.4 (pure JavaScript, tests/clients, installed by .ci/kafka-clients.sh) against a real
/// <c>actors node --kafka-port 0</c> process: an idempotent producer whose messages kcat reads back once each in
/// order per key; keyed messages with acks=-1 read by a consumer group of two members that rebalances when the
/// second joins (the scenarios are in <see cref="KafkaJsScenarios"/>).
/// </summary>
public sealed class KafkaJsNodeSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly CliProcesses _processes = new("kafkajs-node", output);

    [Fact]
    public async Task Should_keep_one_copy_per_message_from_an_idempotent_kafkajs_producer()
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        var kafka = await StartNodeAsync();

        // act
        await KafkaJsScenarios.ProduceIdempotentlyAsync(kafka, "js-idempotent", output, Wait);
        var read = await ExternalTool.RunAsync(kcat, ["-C", "-b", kafka, "-t", "js-idempotent", "-o", "beginning", "-e", "-q", "-f", "%k %s\\n"], Wait);

        // assert
        Assert.True(read.ExitCode == 0, read.ToString());
        KafkaJsScenarios.AssertOncePerKeyInOrder(read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), 1000);
    }

    [Fact]
    public async Task Should_serve_kafkajs_producing_with_acks_all_to_a_group_that_rebalances_when_a_second_member_joins()
    {
        // arrange
        var kafka = await StartNodeAsync();

        // act / assert
        await KafkaJsScenarios.ProduceAndConsumeWithTwoMembersAsync(kafka, "js-orders", output, Wait);
    }

    private async Task<string> StartNodeAsync()
    {
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--kafka-port", "0"], Wait);
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        return node.KafkaAddress ?? throw new InvalidOperationException("the start line names no Kafka listener");
    }

    public void Dispose() => _processes.Dispose();
}
