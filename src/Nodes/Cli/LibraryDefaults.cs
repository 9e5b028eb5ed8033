using Actors.Consumers;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// The command line's defaults that the libraries own, read from their <c>reference.conf</c> (so the CLI and a
/// node never disagree): how long a client waits for an answer, and a consumer's credit window.
/// </summary>
internal static class LibraryDefaults
{
    private static readonly Lazy<Config> Reference = new(ActorsSettings.DefaultConfig);

    /// <summary><c>actors.topics.ask-timeout</c>.</summary>
    public static TimeSpan AskTimeout => TopicsSettings.Create(Reference.Value).AskTimeout;

    /// <summary><c>actors.topics.dead-letter-suffix</c>: <c>orders</c> moves what keeps failing to <c>orders.dlq</c>.</summary>
    public static string DeadLetterSuffix => TopicsSettings.Create(Reference.Value).DeadLetterSuffix;

    /// <summary><c>actors.consumers.prefetch</c>.</summary>
    public static int Prefetch => ConsumersSettings.Create(Reference.Value).Prefetch;
}
