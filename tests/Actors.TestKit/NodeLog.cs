using Akka.Event;

namespace Actors.Testing;

/// <summary>
/// Sends an actor system's log at its configured level to the spec's output, each line prefixed with the node's
/// name, as Akka's <c>TestKit</c> does for its own system: the first thing to read when a multi-node spec fails.
/// </summary>
public static class NodeLog
{
    /// <summary>The setting that keeps a node from printing to the console as well; <see cref="ToOutput"/> adds the one logger.</summary>
    public const string NoConsoleLogger = "akka.loggers = []";

    private static readonly LogLevel[] Levels = [LogLevel.DebugLevel, LogLevel.InfoLevel, LogLevel.WarningLevel, LogLevel.ErrorLevel];

    /// <summary>Subscribes a logger that writes to <paramref name="output"/> to <paramref name="system"/>'s event stream.</summary>
    public static void ToOutput(ActorSystem system, ITestOutputHelper output, string node)
    {
        var logger = ((ExtendedActorSystem)system).SystemActorOf(Props.Create(() => new OutputLogger(output, $"[{node}] ")), "spec-output-logger");
        foreach (var level in Levels.Where(l => l >= Logging.LogLevelFor(system.Settings.LogLevel)))
            system.EventStream.Subscribe(logger, Logging.ClassFor(level));
    }

    /// <summary>
    /// Writes each log event to the spec's output. A node may still log while it stops after its spec has
    /// ended, when xunit no longer takes output; those lines are dropped.
    /// </summary>
    private sealed class OutputLogger : ReceiveActor
    {
        public OutputLogger(ITestOutputHelper output, string prefix) => Receive<LogEvent>(e =>
        {
            try
            {
                output.WriteLine(prefix + e);
            }
            catch (InvalidOperationException)
            {
            }
        });
    }
}
