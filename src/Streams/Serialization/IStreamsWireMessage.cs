namespace Actors.Streams.Serialization;

/// <summary>
/// Marks the stream layer's messages and journal events that cross nodes or reach the journal (distributed work,
/// the pipeline registry); all of them are bound to <see cref="StreamsSerializer"/> (protobuf).
/// </summary>
public interface IStreamsWireMessage;
