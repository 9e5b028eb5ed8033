namespace Actors.Kafka.Server;

/// <summary>
/// Answers one Kafka API: gets the decoded request and returns the response, which the connection writes at the
/// request's version, in request order. The call starts on the connection's read loop in the order requests
/// arrived (so a handler that hands work to an actor before its first await keeps per-connection order), and may
/// complete whenever it likes (a Fetch long-poll). Register handlers in <see cref="KafkaApis"/>; ApiVersions
/// advertises exactly the APIs that have one.
/// </summary>
public interface IKafkaHandler<in TRequest, TResponse>
    where TRequest : IKafkaMessage
    where TResponse : IKafkaMessage
{
    /// <summary>Answers <paramref name="request"/>; <paramref name="cancellationToken"/> fires when the connection closes.</summary>
    ValueTask<TResponse> HandleAsync(KafkaRequestContext context, TRequest request, CancellationToken cancellationToken);
}
