namespace Actors.Client;

/// <summary>
/// No node could be reached, or none answered as the gateway of the named actor system: a wrong address, a node
/// that is not running, or a wrong system name. Apart from <see cref="TopicException"/>, which is a node's refusal
/// of one request; the message is one line naming the address.
/// </summary>
public sealed class ConnectionException(string message) : Exception(message);
