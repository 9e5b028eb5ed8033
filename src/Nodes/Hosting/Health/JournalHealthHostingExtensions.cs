using Akka.Hosting;

namespace Actors.Nodes.Hosting.Health;

/// <summary>
/// Starts the node's <see cref="JournalHealthMonitor"/> (unless <c>actors.health.journal.enabled = off</c>). A node
/// that finds its journal unwritable leaves the cluster, and then its process exits with code 1 rather than 0:
/// it stopped because it failed, so a supervisor (systemd <c>Restart=on-failure</c>, a Kubernetes pod) starts it
/// again, and it rejoins once its journal takes writes.
/// </summary>
public static class JournalHealthHostingExtensions
{
    /// <summary>The exit code of a node that left because its journal was unwritable: a runtime failure.</summary>
    public const int UnwritableExitCode = 1;

    public static AkkaConfigurationBuilder AddJournalHealth(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, _) =>
        {
            var settings = JournalHealthSettings.Create(system.Settings.Config);
            if (!settings.Enabled)
            {
                NodeHealth.Get(system).Unmonitored();
                return;
            }

            system.ActorOf(JournalHealthMonitor.Props(settings, NodeHealth.Get(system), ExitNonZeroWhenStopped), JournalHealthMonitor.ActorName);
        });

    /// <summary>
    /// The node command returns 0 once its host has stopped, whatever stopped it; this sets the exit code as the
    /// process exits, after that return (a ProcessExit handler's <see cref="Environment.ExitCode"/> is what the
    /// process exits with). A code something else set already is kept.
    /// </summary>
    private static void ExitNonZeroWhenStopped() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Environment.ExitCode == 0) Environment.ExitCode = UnwritableExitCode;
        };
}
