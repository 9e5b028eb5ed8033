using Actors.Client;
using Actors.Kafka.Server;

namespace Actors.Kafka.Edge;

/// <summary>
/// InitProducerId for idempotent producers: a fresh random producer id (the same <see cref="ProducerIds"/> as the
/// native client's, drawn without a round trip) with epoch 0; a producer that names its id and epoch (v3+, after a
/// fatal error) gets the next epoch of the same id, which fences its older epoch on every partition. Transactional
/// ids are refused: Actors has no transactions.
/// </summary>
public sealed class ProducerIdHandler : IKafkaHandler<InitProducerIdRequest, InitProducerIdResponse>
{
    public ValueTask<InitProducerIdResponse> HandleAsync(KafkaRequestContext context, InitProducerIdRequest request, CancellationToken cancellationToken)
    {
        if (request.TransactionalId is not null)
            return ValueTask.FromResult(new InitProducerIdResponse { ErrorCode = (short)ErrorCode.InvalidRequest });
        return ValueTask.FromResult(request is { ProducerId: > 0, ProducerEpoch: >= 0 and < short.MaxValue }
            ? new InitProducerIdResponse { ProducerId = request.ProducerId, ProducerEpoch = (short)(request.ProducerEpoch + 1) }
            : new InitProducerIdResponse { ProducerId = ProducerIds.New(), ProducerEpoch = 0 });
    }
}

/// <summary>
/// FindCoordinator: this node, for groups and transactions alike. Group state lives in sharded entities reachable
/// from any node, so whichever node a client asks coordinates for it.
/// </summary>
public sealed class FindCoordinatorHandler(EdgeView view) : IKafkaHandler<FindCoordinatorRequest, FindCoordinatorResponse>
{
    public ValueTask<FindCoordinatorResponse> HandleAsync(KafkaRequestContext context, FindCoordinatorRequest request, CancellationToken cancellationToken)
    {
        var self = view.Current.Self;
        return ValueTask.FromResult(new FindCoordinatorResponse { NodeId = self.NodeId, Host = self.Host, Port = self.Port });
    }
}
