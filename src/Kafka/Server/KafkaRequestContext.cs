using System.Net;

namespace Actors.Kafka.Server;

/// <summary>
/// What a handler knows about the request besides its body: the connection it came on (an id for logs and group
/// members' client host), the client id, the API version (responses differ by version in which fields exist), and
/// the principal the connection authenticated as (<c>ANONYMOUS</c> on a listener without authentication).
/// </summary>
public sealed record KafkaRequestContext(
    long ConnectionId,
    EndPoint? RemoteEndPoint,
    string? ClientId,
    int CorrelationId,
    ApiKey Api,
    short ApiVersion,
    string Principal = Actors.Security.Security.Anonymous);
