using Microsoft.Extensions.Logging;

namespace Actors.Nodes.Hosting;

/// <summary>
/// Akka's minimal logger (<c>akka.stdout-logger-class</c>), which takes the events of the moments no logger actor
/// runs: while the actor system starts and after its loggers stop at shutdown. Akka's own prints them in a format
/// of its own (<c>[INFO][date][Thread 0022][remoting-terminator] Remoting shut down.</c>), a line that breaks
/// the JSON log format and ignores the node's levels; this one writes them like every other line, through
/// the node's logger factory (<see cref="NodeLogger.Write"/>), or drops them when the node has none.
/// </summary>
public sealed class NodeStdoutLogger : MinimalLogger
{
    /// <summary>The HOCON that makes a node's actor system use it.</summary>
    public static readonly string Hocon = $"akka.stdout-logger-class = \"{typeof(NodeStdoutLogger).AssemblyQualifiedName}\"";

    private static volatile ILoggerFactory? _factory;

    /// <summary>Writes through <paramref name="factory"/> from now on (the host's, once it is built).</summary>
    public static void Use(ILoggerFactory factory) => _factory = factory;

    protected override void Log(object message)
    {
        if (message is LogEvent log && _factory is { } factory) NodeLogger.Write(factory, log);
    }
}
