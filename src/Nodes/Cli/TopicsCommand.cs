using System.CommandLine;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors topics</c>: the topics of a running cluster with partitions, messages, end offsets, and committed
/// offset and lag per consumer group (<see cref="TopicTable"/>); with a topic, its partitions one by one (kept for
/// scripts, hidden from help: <c>actors topics describe TOPIC</c> says more). Its subcommands create, delete and
/// describe one topic.
/// </summary>
internal static class TopicsCommand
{
    public static Command Create()
    {
        // Optional, and hidden: the root help listed it as `topics <topic>`, as if it were required.
        var topic = new Argument<string?>("topic") { Description = "Show this topic's partitions one by one", Arity = ArgumentArity.ZeroOrOne, Hidden = true };
        var client = new ClientOptions();
        var command = new Command("topics", "List the topics of a running cluster: partitions, messages, end offsets, and committed offset and lag per consumer group")
        {
            topic, TopicsCreateCommand.Create(), TopicsDeleteCommand.Create(), TopicsDescribeCommand.Create(),
        };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                var only = parse.GetValue(topic);
                var specs = await connection.Topics.ListTopicsAsync(settings.Timeout, ct);
                if (only is not null)
                {
                    specs = specs.Where(s => s.Name.Value == only).ToList();
                    if (specs.Count == 0) return ExitCodes.Fail($"topic '{only}' does not exist");
                }

                var rows = new List<string[]>();
                var kafkaGroups = await connection.Topics.ListExternalGroupsAsync(settings.Timeout, ct);
                foreach (var spec in specs.OrderBy(s => s.Name.Value, StringComparer.Ordinal))
                {
                    var partitions = ExternalGroups.Merge(await connection.Topics.GetStatusAsync(spec.Name, settings.Timeout, ct), kafkaGroups);
                    rows.AddRange(TopicTable.Rows(spec, partitions, perPartition: only is not null));
                }

                Console.Write(TopicTable.Render(only is null ? TopicTable.Header : TopicTable.PartitionHeader, rows));
                if (specs.Count == 0) Console.WriteLine("(no topics yet: `actors publish TOPIC` creates one)");
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
