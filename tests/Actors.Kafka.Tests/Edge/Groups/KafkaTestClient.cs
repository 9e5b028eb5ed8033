using Actors.Kafka.Server;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// One Kafka connection for group specs: sends a request at a version and reads its typed response, the header
/// read by the version's flexibility. Requests may be sent ahead and their answers awaited later
/// (<see cref="SendAsync{TResponse}"/>), which is how a spec holds a JoinGroup while it drives another member.
/// </summary>
public sealed class KafkaTestClient(RawClient raw, string clientId) : IAsyncDisposable
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;
    private int _correlation;

    public static async Task<KafkaTestClient> ConnectAsync(int port, string clientId) => new(await RawClient.ConnectAsync(port), clientId);

    /// <summary>Sends <paramref name="request"/> and waits for its response.</summary>
    public async Task<TResponse> AskAsync<TResponse>(IKafkaMessage request, short version) where TResponse : IKafkaMessage, new() =>
        await await SendAsync<TResponse>(request, version);

    /// <summary>Sends <paramref name="request"/> now; the task returned reads its response (responses come in request order).</summary>
    public async Task<Task<TResponse>> SendAsync<TResponse>(IKafkaMessage request, short version) where TResponse : IKafkaMessage, new()
    {
        var correlation = Interlocked.Increment(ref _correlation);
        await raw.SendAsync(RawClient.Request((short)request.Api, version, correlation, request, clientId));
        return ReadAsync<TResponse>(request.Api, version, correlation);
    }

    private async Task<TResponse> ReadAsync<TResponse>(ApiKey api, short version, int correlation) where TResponse : IKafkaMessage, new()
    {
        var payload = await raw.ReadAsync(Wait) ?? throw new InvalidOperationException($"the listener closed the connection instead of answering {api}");
        Assert.Equal(correlation, BinaryPrimitives.ReadInt32BigEndian(payload));
        var headerSize = SupportedApis.ResponseHeaderVersion(api, version) == 1 ? 5 : 4;
        return KafkaMessage.Read<TResponse>(payload.AsMemory(headerSize), version);
    }

    public ValueTask DisposeAsync() => raw.DisposeAsync();
}
