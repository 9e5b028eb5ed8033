using System.Buffers.Binary;
using System.Diagnostics;
using Actors.Topics;

namespace Actors.Bench;

/// <summary>
/// Publishes <c>messages</c> payloads of <c>payloadBytes</c> to a topic ref, keeping <c>window</c> publishes
/// unconfirmed at most, and records each publish→confirm latency. The payload's first 8 bytes carry the
/// send time (<see cref="Stopwatch.GetTimestamp"/>; all nodes share the process, so consumers can read it).
/// </summary>
public sealed class Publisher : ReceiveActor
{
    private readonly IActorRef _topicRef;
    private readonly TopicName _topic;
    private readonly int _messages;
    private readonly int _payloadBytes;
    private readonly long[] _sentAt;
    private readonly long[] _latencies;
    private readonly TaskCompletionSource<RunResult> _done;
    private readonly long _start = Stopwatch.GetTimestamp();
    private int _sent;
    private int _confirmed;
    private int _failed;

    public Publisher(IActorRef topicRef, TopicName topic, int messages, int window, int payloadBytes, TaskCompletionSource<RunResult> done)
    {
        _topicRef = topicRef;
        _topic = topic;
        _messages = messages;
        _payloadBytes = payloadBytes;
        _sentAt = new long[messages];
        _latencies = new long[messages];
        _done = done;
        Receive<PublishAck>(ack => Complete(ack.CorrelationId, ok: true));
        Receive<PublishRejected>(rejected => Complete(rejected.CorrelationId, ok: false));
        for (var i = 0; i < Math.Min(window, messages); i++) Send();
    }

    public static Props Props(IActorRef topicRef, TopicName topic, int messages, int window, int payloadBytes, TaskCompletionSource<RunResult> done) =>
        Akka.Actor.Props.Create(() => new Publisher(topicRef, topic, messages, window, payloadBytes, done));

    /// <summary>Reads the send time a publisher wrote into a payload.</summary>
    public static long SentAt(byte[] payload) => BinaryPrimitives.ReadInt64LittleEndian(payload);

    private void Send()
    {
        var seq = _sent++;
        var payload = new byte[_payloadBytes];
        var now = Stopwatch.GetTimestamp();
        BinaryPrimitives.WriteInt64LittleEndian(payload, now);
        _sentAt[seq] = now;
        _topicRef.Tell(new Publish(_topic, payload, CorrelationId: seq), Self);
    }

    private void Complete(long correlationId, bool ok)
    {
        if (ok) _latencies[_confirmed++] = Stopwatch.GetTimestamp() - _sentAt[correlationId];
        else _failed++;
        if (_sent < _messages) Send();
        if (_confirmed + _failed == _messages)
            _done.TrySetResult(new RunResult(_confirmed, Stopwatch.GetElapsedTime(_start), _latencies[.._confirmed], _failed));
    }
}
