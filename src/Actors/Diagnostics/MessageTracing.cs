using System.Diagnostics;
using System.Globalization;

namespace Actors.Diagnostics;

/// <summary>
/// W3C trace context carried in a message's headers (<c>traceparent</c>, <c>tracestate</c>) from publish to delivery,
/// through pipelines and the Kafka edge. Spans exist only while a listener samples <see cref="ActorsTelemetry.Source"/>;
/// without one nothing is started and no header is added. Spans started on an actor's thread are detached from it
/// (<see cref="Activity.Current"/> is put back as it was), since the thread goes on to other actors' messages.
/// </summary>
public static class MessageTracing
{
    /// <summary>
    /// Starts a producer span <c>publish {topic}</c> (child of <see cref="Activity.Current"/>, or else of the trace context
    /// <paramref name="headers"/> already carry, as a Kafka client's record does) and returns the headers with its context
    /// stamped in; null, with <paramref name="stamped"/> = <paramref name="headers"/>, when nobody samples. The span stays
    /// <see cref="Activity.Current"/> until the caller stops it.
    /// </summary>
    /// <remarks><paramref name="preferHeaders"/>: the context the headers carry wins over <see cref="Activity.Current"/> (a record that came from elsewhere).</remarks>
    public static Activity? StartPublish(string topic, IReadOnlyDictionary<string, string>? headers, out IReadOnlyDictionary<string, string>? stamped,
        bool preferHeaders = false)
    {
        stamped = headers;
        if (!ActorsTelemetry.Source.HasListeners()) return null;
        var carried = preferHeaders ? Extract(headers) : default;
        var parent = carried != default ? carried : Activity.Current is { } current ? current.Context : Extract(headers);
        var activity = ActorsTelemetry.Source.StartActivity($"publish {topic}", ActivityKind.Producer, parent, PublishTags(topic));
        if (activity is null) return null;
        stamped = Stamp(activity, headers);
        return activity;
    }

    /// <summary>
    /// As <see cref="StartPublish"/>, for a span that lives past this call on a thread that goes on (an actor's, a
    /// connection's): <see cref="Activity.Current"/> is left as it was; end the span with <see cref="Stop"/>.
    /// </summary>
    /// <remarks><paramref name="preferHeaders"/>: the context the headers carry wins over <see cref="Activity.Current"/> (a record that came from elsewhere).</remarks>
    public static Activity? StartPublishDetached(string topic, IReadOnlyDictionary<string, string>? headers, out IReadOnlyDictionary<string, string>? stamped,
        bool preferHeaders = false)
    {
        var previous = Activity.Current;
        var activity = StartPublish(topic, headers, out stamped, preferHeaders);
        Activity.Current = previous;
        return activity;
    }

    /// <summary>
    /// Starts a consumer span <c>process {topic}</c> whose parent is the trace context the message carries (a new trace
    /// when it carries none), detached from the thread; end it with <see cref="Stop"/>. Null when nobody samples.
    /// With <paramref name="detached"/> false it stays <see cref="Activity.Current"/> (the caller's own flow) until disposed.
    /// </summary>
    public static Activity? StartProcess(string topic, int partition, string? group, IReadOnlyDictionary<string, string>? headers, bool detached = true)
    {
        if (!ActorsTelemetry.Source.HasListeners()) return null;
        var previous = Activity.Current;
        var tags = new List<KeyValuePair<string, object?>>(6)
        {
            new(MessagingTags.System, ActorsTelemetry.MessagingSystem),
            new(MessagingTags.Destination, topic),
            new(MessagingTags.Partition, partition.ToString(CultureInfo.InvariantCulture)),
            new(MessagingTags.Operation, "process"),
            new(MessagingTags.OperationType, "process"),
        };
        if (group is not null) tags.Add(new(MessagingTags.Group, group));
        var activity = ActorsTelemetry.Source.StartActivity($"process {topic}", ActivityKind.Consumer, Extract(headers), tags);
        if (detached) Activity.Current = previous;
        return activity;
    }

    /// <summary>Ends a span started detached, leaving <see cref="Activity.Current"/> as it is.</summary>
    public static void Stop(Activity? activity)
    {
        if (activity is null) return;
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }

    /// <summary>The trace context <paramref name="headers"/> carry; default when none (or not a valid <c>traceparent</c>).</summary>
    public static ActivityContext Extract(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null || headers.Count == 0 || !headers.TryGetValue(ActorsTelemetry.TraceParentHeader, out var traceParent)) return default;
        headers.TryGetValue(ActorsTelemetry.TraceStateHeader, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }

    /// <summary>A link to the trace context <paramref name="headers"/> carry, if any.</summary>
    public static bool TryLink(IReadOnlyDictionary<string, string>? headers, out ActivityLink link)
    {
        var context = Extract(headers);
        link = new ActivityLink(context);
        return context != default;
    }

    /// <summary><paramref name="headers"/> with <paramref name="activity"/>'s context as <c>traceparent</c> (and <c>tracestate</c>), in a new dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Stamp(Activity activity, IReadOnlyDictionary<string, string>? headers)
    {
        var stamped = headers is null ? new Dictionary<string, string>(2) : new Dictionary<string, string>(headers);
        stamped[ActorsTelemetry.TraceParentHeader] = activity.Id!;
        if (activity.TraceStateString is { Length: > 0 } state) stamped[ActorsTelemetry.TraceStateHeader] = state;
        else stamped.Remove(ActorsTelemetry.TraceStateHeader);
        return stamped;
    }

    private static KeyValuePair<string, object?>[] PublishTags(string topic) => MessagingTags.ForPublish(topic);
}
