namespace Actors.Kafka.Protocol;

/// <summary>
/// A struct of a Kafka message (a topic entry, a partition entry, or the message itself): its fields, read or
/// written in schema order by one <see cref="Serde"/>. Wire DTOs are mutable classes for that reason; they live
/// only between the socket and a handler.
/// </summary>
public interface IKafkaStruct
{
    /// <summary>Reads or writes this struct's fields for <see cref="KafkaCodec.Version"/>.</summary>
    void Serde(KafkaCodec c);
}

/// <summary>A whole request or response body: a struct that knows its API.</summary>
public interface IKafkaMessage : IKafkaStruct
{
    /// <summary>The API this message belongs to.</summary>
    ApiKey Api { get; }
}
