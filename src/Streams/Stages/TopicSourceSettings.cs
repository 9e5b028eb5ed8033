using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Streams.Stages;

/// <summary>
/// How a topic source made from a topic and a group reads (<c>actors.streams.topic-source</c>; see the library's
/// reference.conf): its credit window per partition, which is the stream's backpressure, and where a new group
/// starts. Made with <see cref="Create(ActorSystem)"/>, immutable, changed with the <c>With*</c> methods;
/// <see cref="For"/> gives the consumer settings of one group.
/// </summary>
public sealed record TopicSourceSettings
{
    private TopicSourceSettings(int prefetch, StartFrom startFrom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 1);
        Prefetch = prefetch;
        StartFrom = startFrom;
    }

    /// <summary>Deliveries held un-committed per partition: at most this many are in the stream at once, per partition.</summary>
    public int Prefetch { get; }

    /// <summary>Where a group with no commits starts reading.</summary>
    public StartFrom StartFrom { get; }

    /// <summary>The node's settings (its configuration over the library defaults).</summary>
    public static TopicSourceSettings Create(ActorSystem system) => Create(system.Settings.Config);

    /// <summary>The settings of <paramref name="config"/> over the library defaults.</summary>
    public static TopicSourceSettings Create(Config config)
    {
        var c = config.WithFallback(StreamsSettings.DefaultConfig()).GetConfig("actors.streams.topic-source");
        var startFrom = c.GetString("start-from") switch
        {
            "earliest" => StartFrom.Earliest,
            "latest" => StartFrom.Latest,
            var other => throw new ConfigurationException($"actors.streams.topic-source.start-from is '{other}'; expected earliest or latest"),
        };
        return new TopicSourceSettings(c.GetInt("prefetch"), startFrom);
    }

    public TopicSourceSettings WithPrefetch(int prefetch) => new(prefetch, StartFrom);

    public TopicSourceSettings WithStartFrom(StartFrom startFrom) => new(Prefetch, startFrom);

    /// <summary>The consumer settings of <paramref name="group"/> reading <paramref name="topic"/> with these settings.</summary>
    public ConsumerSettings For(TopicName topic, GroupName group) => new(topic, group, Prefetch, StartFrom);
}
