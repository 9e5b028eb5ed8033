namespace Actors.Nodes.Hosting.Health;

/// <summary>
/// <c>actors.health.journal</c> (defaults in <c>hocon/node.conf</c>): how often a node probes its journal with a
/// write (and how often while writes fail), how long a probe may take, how long no write may complete before the
/// journal counts as unwritable, and whether the node then leaves the cluster.
/// </summary>
public sealed record JournalHealthSettings(bool Enabled, TimeSpan ProbeInterval, TimeSpan RetryInterval, TimeSpan ProbeTimeout,
    TimeSpan UnwritableAfter, bool LeaveCluster)
{
    public const string Path = "actors.health.journal";

    public static JournalHealthSettings Create(Config config)
    {
        var section = config.GetConfig(Path);
        if (section is null || section.IsEmpty) throw new ConfigurationException($"missing {Path} settings (hocon/node.conf has them)");
        return new JournalHealthSettings(
            Enabled: section.GetBoolean("enabled"),
            ProbeInterval: Positive(section, "probe-interval"),
            RetryInterval: Positive(section, "retry-interval"),
            ProbeTimeout: Positive(section, "probe-timeout"),
            UnwritableAfter: Positive(section, "unwritable-after"),
            LeaveCluster: section.GetBoolean("leave-cluster"));
    }

    private static TimeSpan Positive(Config section, string key) =>
        section.GetTimeSpan(key) is var value && value > TimeSpan.Zero ? value : throw new ConfigurationException($"{Path}.{key} must be positive");
}
