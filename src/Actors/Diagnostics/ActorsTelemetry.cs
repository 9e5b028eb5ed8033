using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Actors.Diagnostics;

/// <summary>
/// The names Actors' telemetry is published under, and the one <see cref="Meter"/>s and <see cref="ActivitySource"/>
/// every library records into (static, created once). A node subscribes with
/// <c>AddMeter(MeterName, KafkaMeterName, StreamsMeterName)</c> and <c>AddSource(ActivitySourceName)</c>; without a
/// listener the instruments cost a flag check. Names follow OpenTelemetry's messaging semantic conventions where
/// they have one (<c>messaging.*</c>), <c>actors.*</c> for the rest; the table is in the README ("Metrics").
/// </summary>
public static class ActorsTelemetry
{
    public const string MeterName = "Actors";
    public const string KafkaMeterName = "Actors.Kafka";
    public const string StreamsMeterName = "Actors.Streams";
    public const string ActivitySourceName = "Actors";

    /// <summary>The value of <c>messaging.system</c>.</summary>
    public const string MessagingSystem = "actors";

    /// <summary>The W3C trace context headers a traced message carries in <see cref="Topics.TopicMessage.Headers"/>.</summary>
    public const string TraceParentHeader = "traceparent";

    public const string TraceStateHeader = "tracestate";

    /// <summary>Broker, partitions, groups, gateway, journal.</summary>
    public static Meter Meter { get; } = new(MeterName, Version);

    /// <summary>The Kafka edge.</summary>
    public static Meter KafkaMeter { get; } = new(KafkaMeterName, Version);

    /// <summary>Pipelines.</summary>
    public static Meter StreamsMeter { get; } = new(StreamsMeterName, Version);

    /// <summary>Every span: publish, journal write, process, pipeline steps, the Kafka edge.</summary>
    public static ActivitySource Source { get; } = new(ActivitySourceName, Version);

    private static string Version => typeof(ActorsTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
