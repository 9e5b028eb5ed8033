using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Streams.Stages;

/// <summary>Sources that read a topic as a member of a consumer group.</summary>
public static class TopicSource
{
    /// <summary>
    /// Committable messages of <paramref name="settings"/>' topic for its group: commit each after processing
    /// (<see cref="Committer"/>) for an at-least-once pipeline. At most <c>Prefetch</c> un-committed messages per
    /// partition are in the stream at once; that window is the backpressure.
    /// </summary>
    public static Source<CommittableMessage, NotUsed> Committable(ActorSystem system, ConsumerSettings settings) =>
        Source.FromGraph(new TopicSourceStage(system, settings)).Named($"topic-{settings.Topic}-{settings.Group}");

    /// <summary>
    /// The topic's messages, committed as they enter the stream (auto-commit): simple, but a message the
    /// pipeline then loses on a crash is not delivered again. Prefer <see cref="Committable"/> where that matters.
    /// </summary>
    public static Source<TopicMessage, NotUsed> Plain(ActorSystem system, ConsumerSettings settings) =>
        Committable(system, settings).Select(m =>
        {
            m.Commit();
            return m.Message;
        });

    /// <summary>
    /// Consumer settings for <paramref name="topic"/> and <paramref name="group"/> with the node's
    /// <see cref="TopicSourceSettings"/> (prefetch, and where to start unless <paramref name="startFrom"/> says).
    /// </summary>
    public static ConsumerSettings Settings(ActorSystem system, TopicName topic, GroupName group, StartFrom? startFrom = null)
    {
        var settings = TopicSourceSettings.Create(system);
        return (startFrom is null ? settings : settings.WithStartFrom(startFrom)).For(topic, group);
    }
}
