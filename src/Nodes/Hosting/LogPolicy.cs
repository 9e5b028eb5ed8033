namespace Actors.Nodes.Hosting;

/// <summary>
/// Which level an Akka log event is shown at, so the default (INFO) shows one line per event that matters to an
/// operator. The node's own loggers (<c>Actors.*</c>) say what happened in their words (member up, member
/// removed, partitions moved, node stopped); Akka's informational lines (remoting started, a singleton moved,
/// <c>Removing receive buffers</c> on every CLI call, the false <c>No seed-nodes configured</c> of a node that
/// forms a cluster alone) go to DEBUG, where they are still there to read. Akka's warnings and errors stay,
/// except those that repeat a line of the node's own (<see cref="Repeats"/>).
/// </summary>
internal static class LogPolicy
{
    /// <summary>
    /// Akka warnings that say again what the node's own lines say: reachability (<c>ClusterMembershipLogger</c>), and
    /// remoting's failed associations, repeated every couple of seconds while a member is unreachable (which
    /// <c>member unreachable</c> said once; a seed that never answers is <c>JoinWatchdog</c>'s) and once for every CLI
    /// process that exits before the node's last reply reaches it.
    /// </summary>
    private static readonly string[] Repeats =
    [
        "Marking node(s) as UNREACHABLE",
        "Marking node(s) as REACHABLE",
        "Tried to associate with unreachable remote address",
        "Association with remote system",
    ];

    /// <summary>
    /// Akka errors that are not problems: remoting's supervisor reports <c>Disassociated</c>, with a stack trace, every
    /// time a remote system goes away, which is every CLI or .NET client that disconnects.
    /// </summary>
    private static readonly string[] Disconnects = ["Disassociated"];

    /// <summary>
    /// Akka errors that repeat a refused TLS handshake, with a stack trace or a hex dump of the peer's bytes: the one
    /// line that stays is remoting's warning <c>Rejected incoming connection ... due to TLS handshake failure</c>, and,
    /// for a certificate the cluster's CA did not sign, the node's own <c>TLS: refused ...</c>.
    /// </summary>
    private static readonly string[] TlsRefusals = ["TLS handshake failed", "not an SSL/TLS record", "AuthenticationException", "remote certificate"];

    /// <summary>The level to show an event from <paramref name="category"/> at; <paramref name="cause"/> is its exception's type and message.</summary>
    public static LogLevel LevelOf(string category, LogLevel level, string message, string? cause = null)
    {
        if (IsOurs(category)) return level;
        return level switch
        {
            LogLevel.InfoLevel => LogLevel.DebugLevel,
            LogLevel.WarningLevel when Repeats.Any(d => message.Contains(d, StringComparison.Ordinal)) => LogLevel.DebugLevel,
            LogLevel.ErrorLevel when Disconnects.Contains(message, StringComparer.Ordinal) => LogLevel.DebugLevel,
            LogLevel.ErrorLevel or LogLevel.WarningLevel when TlsRefusals.Any(t => message.Contains(t, StringComparison.OrdinalIgnoreCase) || (cause?.Contains(t, StringComparison.OrdinalIgnoreCase) ?? false)) => LogLevel.DebugLevel,
            _ => level,
        };
    }

    private static bool IsOurs(string category) => category.StartsWith("Actors.", StringComparison.Ordinal);
}
