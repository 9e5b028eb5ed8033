namespace Actors.Diagnostics;

/// <summary>The names of Actors' meters and activity source, which a node's OpenTelemetry SDK subscribes to.</summary>
public static class ActorsTelemetry
{
    public const string MeterName = "Actors";
    public const string KafkaMeterName = "Actors.Kafka";
    public const string StreamsMeterName = "Actors.Streams";
    public const string ActivitySourceName = "Actors";
}
