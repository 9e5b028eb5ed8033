namespace Actors.Nodes.Cli;

/// <summary>The one line for a topic or group name the broker would refuse.</summary>
internal static class TopicNames
{
    public static string Invalid(string what, string? name) => $"invalid {what} name '{name}': {Actors.Topics.TopicName.Rule}";
}
