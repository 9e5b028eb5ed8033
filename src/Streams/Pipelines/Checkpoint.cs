using Actors.Streams.Stages;

namespace Actors.Streams.Pipelines;

/// <summary>
/// A marker a topic source puts into a pipeline's stream after each message's elements: it carries the
/// messages read since the marker before it. Every stage passes markers on in order (an aggregating stage
/// holds them until the results of what came before them are out), and the sink commits them once what came
/// before has been written, so a message is committed only when everything derived from it has gone through
/// the sink: a pipeline stopped at any point loses nothing (at-least-once). Sinks never write a marker.
/// </summary>
public sealed class Checkpoint
{
    private readonly IReadOnlyList<CommittableMessage> _messages;

    public Checkpoint(IReadOnlyList<CommittableMessage> messages) => _messages = messages;

    public Checkpoint(CommittableMessage message) => _messages = [message];

    public int Count => _messages.Count;

    /// <summary>One marker for <paramref name="markers"/>, in order; null for none (nothing to hold back).</summary>
    public static Checkpoint? Merge(IReadOnlyList<Checkpoint> markers) => markers.Count switch
    {
        0 => null,
        1 => markers[0],
        _ => new Checkpoint(markers.SelectMany(m => m._messages).ToList()),
    };

    /// <summary>Commits every message the marker carries.</summary>
    public void Commit()
    {
        foreach (var message in _messages) message.Commit();
    }
}
