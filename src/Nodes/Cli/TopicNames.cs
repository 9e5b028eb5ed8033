namespace Actors.Nodes.Cli;

/// <summary>The one lines for a topic or group name the broker would refuse, and for a topic it does not have.</summary>
internal static class TopicNames
{
    public static string Invalid(string what, string? name) => $"invalid {what} name '{name}': {Actors.Topics.TopicName.Rule}";

    /// <summary>The one line for a topic the cluster does not have.</summary>
    public static string Unknown(Actors.Topics.TopicName topic) => $"topic '{topic}' does not exist (`actors topics` lists topics)";
}
