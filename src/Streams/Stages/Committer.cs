namespace Actors.Streams.Stages;

/// <summary>
/// Commits processed <see cref="CommittableMessage"/>s. Each commit is one ack to its partition, which
/// journals the group's position in batches (every <c>actors.topics.commit-interval</c>), so committing
/// every message costs no journal write of its own.
/// </summary>
public static class Committer
{
    /// <summary>Commits every message that reaches it; the materialized task completes with the stream.</summary>
    public static Sink<CommittableMessage, Task<Done>> Sink() =>
        Flow().ToMaterialized(Akka.Streams.Dsl.Sink.Ignore<CommittableMessage>(), Keep.Right);

    /// <summary>Commits each message and passes it on (to count or log what was committed).</summary>
    public static Flow<CommittableMessage, CommittableMessage, NotUsed> Flow() =>
        Akka.Streams.Dsl.Flow.Create<CommittableMessage>().Select(m =>
        {
            m.Commit();
            return m;
        });
}
