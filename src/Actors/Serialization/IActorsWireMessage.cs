namespace Actors.Serialization;

/// <summary>
/// Marks every message and event that crosses nodes or reaches the journal; all of them are bound to
/// <see cref="ActorsSerializer"/> (protobuf wire format) instead of Akka's slower JSON default.
/// </summary>
public interface IActorsWireMessage;
