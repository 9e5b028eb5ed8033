using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// The idempotent producer behind <see cref="TopicClient.PublishAsync"/>, as Kafka's: one random producer id
/// (<see cref="ProducerIds"/>), and per partition a stream of sequence numbers (<see cref="PartitionStream"/>). It
/// learns each topic's spec once, picks the partition itself (the key's hash as the topic ref does; without a key
/// one partition until they make a full batch there, then the next: <see cref="StickyPartition"/>), checks the
/// size, and sends every publish with its partition and sequence. A publish stays with it until the partition
/// confirms it, whatever its caller stopped waiting for: it is sent again, in order, after silence, after a refusal
/// for a gap and after a move to another node, and the partition drops the copies.
/// What is to be sent waits in an outbox per partition, and each partition's publishes go as one
/// <see cref="PublishBatch"/>, straight to the partition, and come back confirmed per journal write in one
/// <see cref="PublishConfirms"/>. The sending is clocked by those answers, as the partition's own writes are: while
/// fewer than <c>publish-batches-in-flight</c> batches of a partition are unanswered, what is in its outbox goes as
/// soon as the producer has handled the messages already in its mailbox (a lone publish waits for nothing); beyond
/// that it gathers until one is answered, or at most <c>publish-linger</c> (0: never held).
/// </summary>
internal sealed class IdempotentProducer : ReceiveActor, IWithTimers
{
    private readonly ITopicEndpoints _topics;
    private readonly long _producerId = ProducerIds.New();
    private readonly Dictionary<TopicName, TopicSpec> _specs = [];
    private readonly Dictionary<TopicName, List<PublishRequest>> _waiting = [];
    private readonly Dictionary<(TopicName, int), PartitionStream> _streams = [];
    private readonly Dictionary<long, (PartitionStream Stream, PublishAttempt Attempt)> _attempts = [];
    // Per topic, the partition keyless publishes go to (sticky partitioning: until they make a full batch there; or
    // round robin, the next one).
    private readonly Dictionary<TopicName, Sticky> _sticky = [];
    private readonly Dictionary<PartitionStream, List<PublishAttempt>> _outbox = [];
    // The last correlation of each batch sent and not yet answered, and how many such batches each partition has.
    private readonly Dictionary<long, PartitionStream> _batchEnds = [];
    private readonly Dictionary<PartitionStream, int> _batchesOut = [];
    private long _correlation;
    private bool _flushDue;
    private bool _lingerDue;
    private DateTimeOffset? _now;

    public IdempotentProducer(ITopicEndpoints topics)
    {
        _topics = topics;
        Receive<PublishRequest>(HandleRequest);
        Receive<PublishRequests>(requests =>
        {
            foreach (var request in requests.Requests) HandleRequest(request);
        });
        Receive<TopicInfo>(HandleTopicInfo);
        Receive<TopicNotFound>(notFound => FailWaiting(notFound.Topic, new TopicException(notFound.Reason)));
        Receive<LookupRetry>(retry => Lookup(retry.Topic));
        Receive<PublishAck>(HandleAck);
        Receive<PublishConfirms>(HandleConfirms);
        Receive<PublishRejected>(HandleRejected);
        Receive<Flush>(_ =>
        {
            _flushDue = false;
            FlushOutbox(force: false);
        });
        Receive<LingerOver>(_ =>
        {
            _lingerDue = false;
            FlushOutbox(force: true);
        });
        Receive<Tick>(_ =>
        {
            ForgetLostBatches();
            ForEachStream(stream => stream.Tick(Now, _topics.Settings.ResendInterval));
        });
        Receive<GatewaySwitched>(_ => HandleNodeChange());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The time, read once per message handled: a batch of a thousand publishes or confirms needs it once (read per
    /// publish and per confirm, it was 4 % of <c>actors publish</c>'s CPU in a profile).
    /// </summary>
    private DateTimeOffset Now => _now ??= DateTimeOffset.UtcNow;

    protected override bool AroundReceive(Receive receive, object message)
    {
        _now = null;
        return base.AroundReceive(receive, message);
    }

    public static Props Props(ITopicEndpoints topics) => Akka.Actor.Props.Create(() => new IdempotentProducer(topics));

    protected override void PreStart()
    {
        _topics.ListenForNodeChanges(Self);
        var every = TimeSpan.FromTicks(Math.Max(_topics.Settings.ResendInterval.Ticks / 5, TimeSpan.FromMilliseconds(100).Ticks));
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, every);
    }

    protected override void PostStop()
    {
        var stopped = new TopicException("the client stopped before the publish was confirmed");
        foreach (var publish in _streams.Values.SelectMany(s => s.Pending)) publish.Completion.TrySetException(stopped);
        foreach (var request in _waiting.Values.SelectMany(w => w)) request.Completion.TrySetException(stopped);
    }

    private void HandleRequest(PublishRequest request)
    {
        if (_specs.TryGetValue(request.Topic, out var spec))
        {
            Dispatch(request, spec);
            return;
        }

        if (_waiting.TryGetValue(request.Topic, out var waiting))
        {
            waiting.Add(request);
            return;
        }

        _waiting[request.Topic] = [request];
        Lookup(request.Topic);
    }

    /// <summary>Asks for the topic's spec (creating the topic when auto-create allows, as a topic ref does), again until it comes.</summary>
    private void Lookup(TopicName topic)
    {
        if (!_waiting.ContainsKey(topic)) return;
        _topics.Registry.Tell(new GetTopic(topic, CreateIfMissing: true));
        Timers.StartSingleTimer((typeof(LookupRetry), topic), new LookupRetry(topic), _topics.Settings.LookupRetryInterval);
    }

    private void HandleTopicInfo(TopicInfo info)
    {
        _specs[info.Spec.Name] = info.Spec;
        Timers.Cancel((typeof(LookupRetry), info.Spec.Name));
        if (_waiting.Remove(info.Spec.Name, out var waiting))
            foreach (var request in waiting)
                Dispatch(request, info.Spec);
    }

    private void FailWaiting(TopicName topic, Exception error)
    {
        Timers.Cancel((typeof(LookupRetry), topic));
        if (_waiting.Remove(topic, out var waiting))
            foreach (var request in waiting)
                request.Completion.TrySetException(error);
    }

    private void Dispatch(PublishRequest request, TopicSpec spec)
    {
        var limit = Math.Min(spec.MaxMessageBytes, _topics.Settings.MaxMessageBytes);
        if (TopicMessage.SizeOf(request.Payload, request.Key, request.Headers) is var size && size > limit)
        {
            request.Completion.TrySetException(new MessageTooLargeException(size, limit));
            return;
        }

        var partition = request.Key is not null ? KeyHash.Partition(request.Key, spec.Partitions)
            : _topics.Settings.StickyPartitioning ? StickyPartition(request.Topic, spec.Partitions, size)
            : NextRoundRobin(request.Topic, spec.Partitions);
        if (!_streams.TryGetValue((request.Topic, partition), out var stream))
            _streams[(request.Topic, partition)] = stream = new PartitionStream(request.Topic, partition, _producerId, ProducerState.RememberedSequences);
        var message = new Publish(request.Topic, request.Payload, request.Key, request.Headers, Partition: partition);
        Send(stream, stream.Add(message, request.Completion, Now, request.Rerouted, request.Started));
    }

    /// <summary>
    /// The partition of a keyless publish (<paramref name="size"/> bytes): the topic's sticky one, as Kafka's
    /// producer does (KIP-480, and KIP-794's rule for when to move on). Keyless publishes go to one partition until
    /// they make a full batch there (<c>publish-batch-messages</c> or <c>max-message-size</c> bytes), then to the
    /// next: what a thousand callers publish at once goes as a few large batches, one journal write each, instead of
    /// a small batch per partition (round robin: 66 messages per write under the peer benchmark's 1,000 in flight);
    /// and over time every partition gets as many, however slowly they come. The first is picked at random, so
    /// producers do not all start on partition 0.
    /// </summary>
    private int StickyPartition(TopicName topic, int partitions, int size)
    {
        if (!_sticky.TryGetValue(topic, out var sticky) || sticky.Partition >= partitions)
            sticky = new Sticky(Random.Shared.Next(partitions), 0, 0);
        var given = sticky with { Messages = sticky.Messages + 1, Bytes = sticky.Bytes + size };
        _sticky[topic] = given.Messages >= _topics.Settings.PublishBatchMessages || given.Bytes >= _topics.Settings.MaxMessageBytes
            ? new Sticky((sticky.Partition + 1) % partitions, 0, 0)
            : given;
        return sticky.Partition;
    }

    /// <summary>Without sticky partitioning: each keyless publish goes to the next partition.</summary>
    private int NextRoundRobin(TopicName topic, int partitions)
    {
        var next = _sticky.GetValueOrDefault(topic).Partition % partitions;
        _sticky[topic] = new Sticky((next + 1) % partitions, 0, 0);
        return next;
    }

    /// <summary>Where a topic's keyless publishes go next, and what went there since it was picked.</summary>
    private readonly record struct Sticky(int Partition, int Messages, long Bytes);

    private void HandleConfirms(PublishConfirms confirms)
    {
        foreach (var range in confirms.Ranges)
            for (var i = 0; i < range.Count; i++)
                HandleAck(new PublishAck(confirms.Topic, confirms.Partition, range.FirstOffset + i, range.FirstCorrelation + i));
    }

    private void HandleAck(PublishAck ack)
    {
        BatchAnswered(ack.CorrelationId);
        if (!_attempts.TryGetValue(ack.CorrelationId, out var sent)) return;
        var (stream, attempt) = sent;
        Send(stream, stream.Confirmed(attempt, ack with { CorrelationId = 0 }, Now));
        ForgetIfDone(attempt.Publish);
    }

    private void HandleRejected(PublishRejected rejected)
    {
        BatchAnswered(rejected.CorrelationId);
        if (!_attempts.TryGetValue(rejected.CorrelationId, out var sent)) return;
        var (stream, attempt) = sent;
        var now = Now;
        var next = rejected.Error switch
        {
            PublishError.OutOfOrderSequence => stream.OutOfOrder(attempt, rejected.ExpectedSequence, now),
            PublishError.ProducerFenced => stream.Fenced(attempt, ProducerIds.New(), now),
            PublishError.UnknownPartition when !attempt.Publish.Rerouted => Reroute(stream, attempt, now),
            // Refused before its sequence was taken: the later ones close the gap instead of starting a new epoch.
            PublishError.PartitionFull or PublishError.MessageTooLarge or PublishError.Denied => stream.Skipped(attempt, new TopicException(rejected.Reason), now),
            _ => Refused(stream, attempt, rejected, now),
        };
        Send(stream, next);
        ForgetIfDone(attempt.Publish);
    }

    /// <summary>A refusal for good: the publish fails, and the topic's spec is looked up again next time (it may have changed).</summary>
    private IReadOnlyList<PublishAttempt> Refused(PartitionStream stream, PublishAttempt attempt, PublishRejected rejected, DateTimeOffset now)
    {
        _specs.Remove(stream.Topic);
        return stream.Failed(attempt, new TopicException(rejected.Reason), now);
    }

    /// <summary>
    /// The partition this publish was routed to is gone (the topic was re-created with fewer partitions since its spec
    /// was learnt): it leaves its stream and waits for the topic's spec again, to be routed by that, once.
    /// </summary>
    private IReadOnlyList<PublishAttempt> Reroute(PartitionStream stream, PublishAttempt attempt, DateTimeOffset now)
    {
        _specs.Remove(stream.Topic);
        var message = attempt.Publish.Message;
        var request = new PublishRequest(message.Topic, message.Payload, message.Key, message.Headers, attempt.Publish.Completion)
            { Rerouted = true, Started = attempt.Publish.Started };
        var next = stream.Withdrawn(attempt, now);
        if (_waiting.TryGetValue(stream.Topic, out var waiting)) waiting.Add(request);
        else
        {
            _waiting[stream.Topic] = [request];
            Lookup(stream.Topic);
        }

        return next;
    }

    /// <summary>Requests now go through another node: resend what may be lost on the way, and ask again for specs not yet answered.</summary>
    private void HandleNodeChange()
    {
        // Whatever was on the way is sent again: no answer is awaited from the old node.
        _batchEnds.Clear();
        _batchesOut.Clear();
        ForEachStream(stream => stream.NodeChanged(Now));
        foreach (var topic in _waiting.Keys.ToList()) Lookup(topic);
    }

    private void ForEachStream(Func<PartitionStream, IReadOnlyList<PublishAttempt>> step)
    {
        foreach (var stream in _streams.Values) Send(stream, step(stream));
    }

    /// <summary>Puts <paramref name="attempts"/> in the partition's outbox.</summary>
    private void Send(PartitionStream stream, IReadOnlyList<PublishAttempt> attempts)
    {
        if (attempts.Count == 0) return;
        if (!_outbox.TryGetValue(stream, out var outbox)) _outbox[stream] = outbox = [];
        outbox.AddRange(attempts);
        if (HasRoom(stream)) RequestFlush();
        else HoldForLinger();
    }

    /// <summary>Held publishes go at the latest once <c>publish-linger</c> has passed since the first of them was held.</summary>
    private void HoldForLinger()
    {
        if (_lingerDue) return;
        _lingerDue = true;
        Timers.StartSingleTimer(LingerOver.Instance, LingerOver.Instance, _topics.Settings.PublishLinger);
    }

    /// <summary>The partition may get another batch now: fewer than <c>publish-batches-in-flight</c> are unanswered (or nothing is ever held).</summary>
    private bool HasRoom(PartitionStream stream) =>
        _topics.Settings.PublishLinger == TimeSpan.Zero || _batchesOut.GetValueOrDefault(stream) < _topics.Settings.PublishBatchesInFlight;

    /// <summary>Flushes once the messages already in the mailbox are handled, so what they add goes in the same batches.</summary>
    private void RequestFlush()
    {
        if (_flushDue) return;
        _flushDue = true;
        Self.Tell(Flush.Instance);
    }

    /// <summary>A batch whose last publish is answered (confirmed or refused) leaves room for the next of its partition.</summary>
    private void BatchAnswered(long correlation)
    {
        if (!_batchEnds.Remove(correlation, out var stream)) return;
        _batchesOut[stream]--;
        if (_outbox.ContainsKey(stream)) RequestFlush();
    }

    /// <summary>
    /// Batches whose last publish was confirmed through a later send (a resend after silence) never get their own
    /// answer: they stop counting once that publish is done.
    /// </summary>
    private void ForgetLostBatches()
    {
        List<long>? lost = null;
        foreach (var correlation in _batchEnds.Keys)
            if (!_attempts.ContainsKey(correlation)) (lost ??= []).Add(correlation);
        if (lost is null) return;
        foreach (var correlation in lost) BatchAnswered(correlation);
    }

    /// <summary>
    /// Sends the outboxes of partitions with room (<paramref name="force"/>: all of them) as <see cref="PublishBatch"/>es
    /// of at most <c>publish-batch-messages</c> publishes and <c>max-message-size</c> bytes (a larger publish goes
    /// alone), so a batch always fits a remoting frame. Each send gets a correlation id of its own, consecutive within
    /// a batch, so the partition confirms a whole write of it with one range.
    /// </summary>
    private void FlushOutbox(bool force)
    {
        var maxCount = _topics.Settings.PublishBatchMessages;
        var maxBytes = _topics.Settings.MaxMessageBytes;
        List<PartitionStream>? sent = null;
        foreach (var (stream, outbox) in _outbox)
        {
            if (!force && !HasRoom(stream)) continue;
            (sent ??= []).Add(stream);
            // One confirmed or failed while it waited here is not sent.
            var waiting = outbox.Where(a => a.Publish.Node is not null).ToList();
            foreach (var (start, count) in SizeBounded.Batches(waiting, a => a.Publish.Size, maxCount, maxBytes))
            {
                var batch = new List<BatchedPublish>(count);
                foreach (var attempt in waiting.GetRange(start, count))
                {
                    var correlation = ++_correlation;
                    _attempts[correlation] = (stream, attempt);
                    attempt.Publish.Correlations.Add(correlation);
                    batch.Add(attempt.ToBatched(correlation));
                }

                _topics.SendBatch(new PublishBatch(stream.Topic, stream.Partition, batch), Self);
                _batchEnds[_correlation] = stream;
                _batchesOut[stream] = _batchesOut.GetValueOrDefault(stream) + 1;
            }
        }

        if (sent is null) return;
        foreach (var stream in sent) _outbox.Remove(stream);
        // Held ones still wait for an answer, or for the linger to end.
        if (_outbox.Count > 0) HoldForLinger();
    }

    /// <summary>A confirmed or failed publish's sends are forgotten: their late answers find nothing.</summary>
    private void ForgetIfDone(PendingPublish publish)
    {
        if (publish.Node is not null) return;
        foreach (var correlation in publish.Correlations) _attempts.Remove(correlation);
        publish.Correlations.Clear();
    }

    private sealed class Flush : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Flush Instance { get; } = new();
        private Flush() { }
    }

    private sealed class LingerOver : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static LingerOver Instance { get; } = new();
        private LingerOver() { }
    }

    private sealed class Tick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Tick Instance { get; } = new();
        private Tick() { }
    }

    private sealed record LookupRetry(TopicName Topic) : INoSerializationVerificationNeeded, IDeadLetterSuppression;
}

/// <summary>Many publishes of one caller, taken in order as if each came alone (<see cref="TopicClient.PublishManyAsync"/>).</summary>
internal sealed record PublishRequests(IReadOnlyList<PublishRequest> Requests) : INoSerializationVerificationNeeded;

/// <summary>A caller's publish for <see cref="IdempotentProducer"/>; <paramref name="Completion"/> gets the confirm or the refusal.</summary>
internal sealed record PublishRequest(
    TopicName Topic,
    byte[] Payload,
    string? Key,
    IReadOnlyDictionary<string, string>? Headers,
    TaskCompletionSource<PublishAck> Completion) : INoSerializationVerificationNeeded
{
    /// <summary>Routed again after its first partition turned out not to exist; refused for good if that happens twice.</summary>
    public bool Rerouted { get; init; }

    /// <summary>When the caller handed it over (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>): publish-to-confirm starts here.</summary>
    public long Started { get; init; } = System.Diagnostics.Stopwatch.GetTimestamp();
}
