using Actors.Diagnostics;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// An async API over the topic protocol for code that is not an actor. Every call takes a timeout
/// (default <c>actors.topics.ask-timeout</c>) and a cancellation token; refusals come back as
/// <see cref="TopicException"/> with the broker's one-line reason. It publishes as one idempotent producer
/// (<see cref="IdempotentProducer"/>), so each key's messages are stored once and in the order they were published,
/// through resends, partitions moving between nodes and (through a gateway) the client moving to another node.
/// </summary>
public sealed partial class TopicClient
{
    private readonly ITopicEndpoints _topics;
    private readonly Lazy<IActorRef> _producer;

    internal TopicClient(ITopicEndpoints topics)
    {
        _topics = topics;
        _producer = new Lazy<IActorRef>(() => ((ExtendedActorSystem)topics.System).SystemActorOf(IdempotentProducer.Props(topics)));
    }

    /// <summary>
    /// A client in <paramref name="system"/> whose every request goes to <paramref name="gateway"/>, an actor that
    /// forwards the topic protocol (a node's gateway, reached from outside the cluster); consumers it opens
    /// (<see cref="RedriveAsync"/>) join through <see cref="Gateway.OpenConsumer"/>.
    /// </summary>
    public static TopicClient Through(ActorSystem system, IActorRef gateway) => Through(system, new GatewaySwitch(gateway));

    /// <summary>As <see cref="Through(ActorSystem, IActorRef)"/>, through whichever gateway <paramref name="gateway"/> names at the time.</summary>
    public static TopicClient Through(ActorSystem system, GatewaySwitch gateway) => new(new GatewayEndpoints(system, gateway));

    private TimeSpan Timeout(TimeSpan? timeout) => timeout ?? _topics.Settings.AskTimeout;

    /// <summary>
    /// Publishes one message and returns where it was durably stored (offset -1 in the rare case that it turned out
    /// to be stored earlier than the partition still remembers). Messages published one after the other are stored in
    /// that order per key. A message over the topic's <c>max-message-size</c> (or the client's) throws a
    /// <see cref="MessageTooLargeException"/> before anything is sent. When <paramref name="timeout"/> passes or
    /// <paramref name="cancellationToken"/> is cancelled, this call stops waiting, but the message keeps its place in
    /// order and is still sent until the partition confirms it (it is stored at least once unless this client stops).
    /// </summary>
    public async Task<PublishAck> PublishAsync(TopicName topic, byte[] payload, string? key = null,
        IReadOnlyDictionary<string, string>? headers = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        // A producer span while a listener samples (its context goes in the headers); the confirm ends it.
        // (A message over the limit is refused below as it came, not for the header added.)
        using var span = ActorsTelemetry.Source.HasListeners() && TopicMessage.SizeOf(payload, key, headers) <= _topics.Settings.MaxMessageBytes
            ? MessageTracing.StartPublish(topic.Value, headers, out headers)
            : null;
        try
        {
            return await PublishOneAsync(topic, payload, key, headers, timeout, cancellationToken);
        }
        catch (Exception e) when (span is not null)
        {
            span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private async Task<PublishAck> PublishOneAsync(TopicName topic, byte[] payload, string? key, IReadOnlyDictionary<string, string>? headers, TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        var size = TopicMessage.SizeOf(payload, key, headers);
        if (size > _topics.Settings.MaxMessageBytes)
        {
            // Fail the returned task, not the call: Akka.Streams' SelectAsync (a TopicSink) reports a task that is
            // already faulted when it gets it as an AggregateException, and one that faults later as itself.
            await Task.Yield();
            throw new MessageTooLargeException(size, _topics.Settings.MaxMessageBytes);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<PublishAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        _producer.Value.Tell(new PublishRequest(topic, payload, key, headers, completion));
        var wait = Timeout(timeout);
        try
        {
            return await completion.Task.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new AskTimeoutException($"Timeout after {wait.TotalSeconds:0.##} seconds waiting for the confirm of a publish to {topic}");
        }
    }

    /// <summary>
    /// Publishes <paramref name="messages"/> in the order given, handed to the client's producer in one step (it sends
    /// each partition's share in batches), and returns every confirm in the same order once all are durable; fails
    /// with the first refusal. A message over the size limit throws a <see cref="MessageTooLargeException"/> before
    /// anything is sent. <paramref name="timeout"/> and <paramref name="cancellationToken"/> end the wait as for
    /// <see cref="PublishAsync"/>: the messages are still sent in order until confirmed.
    /// </summary>
    public async Task<IReadOnlyList<PublishAck>> PublishManyAsync(TopicName topic, IReadOnlyList<MessageToPublish> messages, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        foreach (var message in messages)
        {
            var size = TopicMessage.SizeOf(message.Payload, message.Key, message.Headers);
            if (size <= _topics.Settings.MaxMessageBytes) continue;
            await Task.Yield(); // the returned task fails, not the call (see PublishAsync)
            throw new MessageTooLargeException(size, _topics.Settings.MaxMessageBytes);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var confirms = PublishEach(topic, messages);
        var wait = Timeout(timeout);
        try
        {
            return await Task.WhenAll(confirms).WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new AskTimeoutException($"Timeout after {wait.TotalSeconds:0.##} seconds waiting for the confirms of {messages.Count} publishes to {topic}");
        }
    }

    /// <summary>
    /// Hands <paramref name="messages"/> to the client's producer in one step, in the order given, and returns one task
    /// per message, completed with its confirm once it is durable or failed with its refusal: for bulk producers that
    /// follow each message (as <c>actors publish</c> follows each line) without a call, a timer and a hand-over each.
    /// A message over the size limit fails its own task with a <see cref="MessageTooLargeException"/> and is not sent.
    /// The tasks have no timeout of their own: the messages are sent, in order, until confirmed; a caller stops
    /// waiting with <see cref="Task.WaitAsync(CancellationToken)"/>.
    /// </summary>
    public IReadOnlyList<Task<PublishAck>> PublishEach(TopicName topic, IReadOnlyList<MessageToPublish> messages)
    {
        var confirms = new Task<PublishAck>[messages.Count];
        var requests = new List<PublishRequest>(messages.Count);
        var traced = ActorsTelemetry.Source.HasListeners();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var size = TopicMessage.SizeOf(message.Payload, message.Key, message.Headers);
            if (size > _topics.Settings.MaxMessageBytes)
            {
                confirms[i] = Task.FromException<PublishAck>(new MessageTooLargeException(size, _topics.Settings.MaxMessageBytes));
                continue;
            }

            IReadOnlyDictionary<string, string>? stamped = null;
            var span = traced ? MessageTracing.StartPublishDetached(topic.Value, message.Headers, out stamped) : null;
            if (span is not null) message = message with { Headers = stamped };

            var completion = new TaskCompletionSource<PublishAck>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Add(new PublishRequest(topic, message.Payload, message.Key, message.Headers, completion));
            confirms[i] = completion.Task;
            if (span is not null) _ = completion.Task.ContinueWith(EndSpan, span, TaskScheduler.Default);
        }

        if (requests.Count > 0) _producer.Value.Tell(new PublishRequests(requests));
        return confirms;
    }

    private static void EndSpan(Task<PublishAck> confirm, object? state)
    {
        var span = (System.Diagnostics.Activity)state!;
        if (confirm.IsFaulted) span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, confirm.Exception?.GetBaseException().Message);
        MessageTracing.Stop(span);
    }

    /// <summary>Creates a topic (or returns the existing one's spec).</summary>
    public Task<TopicSpec> CreateTopicAsync(TopicName topic, int? partitions = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        CreateTopicAsync(new CreateTopic(topic, partitions), timeout, cancellationToken);

    /// <summary>Creates a topic with its own partitions and retention (or returns the existing one's spec).</summary>
    public async Task<TopicSpec> CreateTopicAsync(CreateTopic create, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await _topics.Registry.Ask<object>(create, Timeout(timeout), cancellationToken);
        return reply switch
        {
            TopicInfo info => info.Spec,
            TopicNotFound refused => throw new TopicException(refused.Reason),
            _ => throw new TopicException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    /// <summary>The topic's spec, or null if it does not exist (never creates it).</summary>
    public async Task<TopicSpec?> GetTopicAsync(TopicName topic, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await _topics.Registry.Ask<object>(new GetTopic(topic, CreateIfMissing: false), Timeout(timeout), cancellationToken);
        return reply is TopicInfo info ? info.Spec : null;
    }

    public async Task<IReadOnlyList<TopicSpec>> ListTopicsAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await _topics.Registry.Ask<TopicList>(ListTopics.Instance, Timeout(timeout), cancellationToken)).Topics;

    /// <summary>Every partition's offsets and groups (lag per group = end offset - committed offset).</summary>
    public async Task<IReadOnlyList<PartitionStatus>> GetStatusAsync(TopicName topic, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var spec = await GetTopicAsync(topic, timeout, cancellationToken) ?? throw new TopicException($"topic '{topic}' does not exist");
        var asks = Enumerable.Range(0, spec.Partitions)
            .Select(p => _topics.Partitions.Ask<PartitionStatus>(new GetPartitionStatus(topic, p), Timeout(timeout), cancellationToken));
        return await Task.WhenAll(asks);
    }

    /// <summary>Moves a group's position on every partition: replay from the start, a time, or skip to the end.</summary>
    public async Task SeekAsync(TopicName topic, GroupName group, StartFrom position, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var spec = await GetTopicAsync(topic, timeout, cancellationToken) ?? throw new TopicException($"topic '{topic}' does not exist");
        await Task.WhenAll(Enumerable.Range(0, spec.Partitions)
            .Select(p => _topics.Partitions.Ask<PartitionStatus>(new SeekPartition(topic, p, group, position), Timeout(timeout), cancellationToken)));
    }

    /// <summary>
    /// Sends messages from <paramref name="topic"/>'s dead-letter topic back to it (without the dead-letter
    /// headers), acking each in the dead-letter topic only after the republish is confirmed. Stops after
    /// <paramref name="max"/> messages or when none arrived for <paramref name="idle"/>; returns how many moved.
    /// </summary>
    public async Task<int> RedriveAsync(TopicName topic, int max = int.MaxValue, TimeSpan? idle = null, CancellationToken cancellationToken = default)
    {
        var deadLetters = new TopicName(topic.Value + _topics.Settings.DeadLetterSuffix);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var redriver = _topics.System.ActorOf(RedriveActor.Props(_topics, deadLetters, topic, max, idle ?? TimeSpan.FromSeconds(1), done));
        await using var registration = cancellationToken.Register(() =>
        {
            redriver.Tell(PoisonPill.Instance);
            done.TrySetCanceled(cancellationToken);
        });
        return await done.Task;
    }
}

/// <summary>One message for <see cref="TopicClient.PublishManyAsync"/>.</summary>
public sealed record MessageToPublish(byte[] Payload, string? Key = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>A topic operation was refused; the message is the broker's one-line reason.</summary>
public sealed class TopicException(string message) : Exception(message);
