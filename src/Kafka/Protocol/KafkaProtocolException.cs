namespace Actors.Kafka.Protocol;

/// <summary>
/// Bytes that do not follow the protocol: a truncated field, a negative or oversized length, a corrupt record batch.
/// The listener answers it by closing that connection with one log line naming <see cref="Exception.Message"/>;
/// nothing else on the node sees it.
/// </summary>
public sealed class KafkaProtocolException(string message) : Exception(message);
