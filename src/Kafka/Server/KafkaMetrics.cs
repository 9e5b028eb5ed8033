using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using Actors.Diagnostics;
using Actors.Kafka.Protocol;

namespace Actors.Kafka.Server;

/// <summary>
/// The <c>Actors.Kafka</c> meter's instruments: open connections, and requests answered by API and top-level error
/// code (the response's own <c>ErrorCode</c> where it has one; per-partition codes stay in the responses). Tags are
/// cached per (API, code), so a request costs a dictionary lookup and no allocation.
/// </summary>
internal static class KafkaMetrics
{
    public static readonly UpDownCounter<long> Connections = ActorsTelemetry.KafkaMeter.CreateUpDownCounter<long>("actors.kafka.connections", "{connection}",
        "Kafka client connections open on this node's edge.");

    public static readonly Counter<long> Requests = ActorsTelemetry.KafkaMeter.CreateCounter<long>("actors.kafka.requests", "{request}",
        "Kafka requests answered, by API (kafka.api) and top-level error code (error.type, \"none\" for success; \"handler_failed\" when the connection was closed over it).");

    private static readonly ConcurrentDictionary<(ApiKey, string), KeyValuePair<string, object?>[]> Tags = new();
    private static readonly ConcurrentDictionary<Type, Func<object, short>?> ErrorCodes = new();

    public static void Answered(ApiKey api, object? response)
    {
        if (!Requests.Enabled) return;
        var code = response is null ? (short)0 : TopLevelCode(response);
        Requests.Add(1, TagsOf(api, code == 0 ? "none" : ((ErrorCode)code).ToString()));
    }

    public static void Failed(ApiKey api)
    {
        if (Requests.Enabled) Requests.Add(1, TagsOf(api, "handler_failed"));
    }

    private static KeyValuePair<string, object?>[] TagsOf(ApiKey api, string error) =>
        Tags.GetOrAdd((api, error), k => [new("kafka.api", k.Item1.ToString()), new("error.type", k.Item2)]);

    private static short TopLevelCode(object response) =>
        ErrorCodes.GetOrAdd(response.GetType(), type =>
            type.GetProperty("ErrorCode", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t } property && t == typeof(short)
                ? o => (short)property.GetValue(o)!
                : null) is { } read
            ? read(response)
            : (short)0;
}
