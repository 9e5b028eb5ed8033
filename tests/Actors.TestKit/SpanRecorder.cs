using System.Collections.Concurrent;
using Actors.Diagnostics;

namespace Actors.Testing;

/// <summary>
/// Records the spans of <see cref="ActorsTelemetry.Source"/> that concern one topic (by name, <c>publish {topic}</c>
/// or <c>process {topic}</c>, or by the <c>messaging.destination.name</c> tag): every other span is not sampled,
/// so specs running beside this one see no spans and no <c>traceparent</c> header added to their messages.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanRecorder(string topic)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ActorsTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => Concerns(options.Name, options.Tags, topic)
                ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.None,
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans ended so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> Stopped => _stopped.ToList();

    public void Dispose() => _listener.Dispose();

    private static bool Concerns(string name, IEnumerable<KeyValuePair<string, object?>>? tags, string topic) =>
        name.EndsWith(" " + topic, StringComparison.Ordinal)
        || (tags?.Any(t => t.Key == "messaging.destination.name" && Equals(t.Value, topic)) ?? false);
}
