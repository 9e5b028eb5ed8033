using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// One publish of an idempotent producer that awaits its confirm: the message (its partition already picked), where
/// it stands in the producer's stream (<see cref="Ordinal"/> never changes; <see cref="Sequence"/> is renumbered when
/// the stream starts a new epoch), whether it is on its way in the current round, and the caller's completion.
/// </summary>
internal sealed class PendingPublish(long ordinal, Publish message, TaskCompletionSource<PublishAck> completion)
{
    public long Ordinal { get; } = ordinal;

    public Publish Message { get; } = message;

    public TaskCompletionSource<PublishAck> Completion { get; } = completion;

    /// <summary>Its weight against the size limits: payload, key and headers (<see cref="TopicMessage.SizeOf"/>).</summary>
    public int Size { get; } = TopicMessage.SizeOf(message.Payload, message.Key, message.Headers);

    public int Sequence { get; set; }

    /// <summary>Routed a second time, its first partition gone (<see cref="IdempotentProducer"/>).</summary>
    public bool Rerouted { get; init; }

    /// <summary>When its caller handed it over (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), for the publish-to-confirm duration.</summary>
    public long Started { get; init; }

    /// <summary>Sent in the current round (a new round sends everything again, in order).</summary>
    public bool Sent { get; set; }

    /// <summary>The stream's count of sends when this one was last sent (a later send confirmed first overtook it).</summary>
    public long LastSend { get; set; }

    /// <summary>The correlation ids of its sends, which the producer forgets once it is done.</summary>
    public List<long> Correlations { get; } = [];

    internal LinkedListNode<PendingPublish>? Node { get; set; }
}

/// <summary>One send of <paramref name="Publish"/>: with which producer id, epoch and sequence, in which round.</summary>
internal readonly record struct PublishAttempt(PendingPublish Publish, long ProducerId, short Epoch, int Sequence, int Round, long SendNumber)
{
    /// <summary>The message as sent, in a <see cref="PublishBatch"/> to its partition: with this attempt's producer sequence and correlation id.</summary>
    public BatchedPublish ToBatched(long correlationId)
    {
        var message = Publish.Message;
        return new BatchedPublish(new TopicMessage(message.Key, message.Payload, message.Headers ?? TopicMessage.NoHeaders, default), correlationId,
            new ProducerSequence(ProducerId, Epoch, Sequence));
    }
}
