using Actors.Partitions;
using Actors.Topics;

namespace Actors.Consumers;

/// <summary>
/// The <c>actors.consumers</c> settings (see the library's reference.conf for each one's meaning and default):
/// the credit window a consumer gets unless it asks for its own, and the timers of group membership. Not to
/// be confused with one consumer's <see cref="ConsumerSettings"/>, which <see cref="For"/> makes from these.
/// Built with <see cref="Create(ActorSystem)"/> or <see cref="Create(Config)"/>, once per node (the
/// <see cref="Broker"/> holds them); immutable, changed with <c>with</c>.
/// </summary>
public sealed record ConsumersSettings(int Prefetch, TimeSpan HeartbeatInterval, TimeSpan RetryInterval, int MissedHeartbeats)
{
    /// <summary>How long a member may stay silent before its coordinator drops it from the group.</summary>
    public TimeSpan MemberTimeout => HeartbeatInterval * MissedHeartbeats;

    public static ConsumersSettings Create(ActorSystem system) => Create(system.Settings.Config);

    public static ConsumersSettings Create(Config config)
    {
        var c = new SettingsSection(config, "actors.consumers");
        return new ConsumersSettings(
            Prefetch: c.PositiveInt("prefetch"),
            HeartbeatInterval: c.PositiveDuration("heartbeat-interval"),
            RetryInterval: c.PositiveDuration("retry-interval"),
            MissedHeartbeats: c.PositiveInt("missed-heartbeats"));
    }

    /// <summary>One consumer of <paramref name="topic"/> in <paramref name="group"/> with the default prefetch, from the earliest offset unless told.</summary>
    public ConsumerSettings For(TopicName topic, GroupName group, StartFrom? startFrom = null) =>
        new(topic, group, Prefetch, startFrom ?? StartFrom.Earliest);
}
