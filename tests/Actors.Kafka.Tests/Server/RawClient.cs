using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Actors.Kafka.Messages;
using Actors.Kafka.Protocol;

namespace Actors.Kafka.Server;

/// <summary>
/// A bare TCP client for listener specs: sends frames as given (well-formed or not) and reads size-prefixed
/// responses, reporting a closed connection as null rather than an exception. Every read has a deadline, so a
/// listener that neither answers nor closes fails the spec instead of hanging it.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private NetworkStream _stream = null!;

    public static async Task<RawClient> ConnectAsync(int port)
    {
        var client = new RawClient();
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        return client;
    }

    /// <summary>A request frame: size prefix, header (v1, or v2 for flexible versions), body.</summary>
    public static byte[] Request(short apiKey, short version, int correlationId, IKafkaMessage? body = null, string? clientId = "spec")
    {
        var buffer = new ArrayBufferWriter<byte>();
        var header = new RequestHeader { ApiKey = apiKey, ApiVersion = version, CorrelationId = correlationId, ClientId = clientId };
        header.Serde(new KafkaWriter(buffer), RequestHeader.VersionFor(apiKey, version));
        if (body is not null) KafkaMessage.Write(body, version, buffer);
        return Frame(buffer.WrittenSpan);
    }

    /// <summary>A size prefix and <paramref name="payload"/>.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(4));
        return frame;
    }

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The next response's payload (correlation id first), or null when the listener closed the connection.</summary>
    public async Task<byte[]?> ReadAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var prefix = await ReadExactlyAsync(4, deadline.Token);
            if (prefix is null) return null;
            return await ReadExactlyAsync(BinaryPrimitives.ReadInt32BigEndian(prefix), deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the listener neither answered nor closed within {timeout.TotalSeconds} s");
        }
    }

    private async Task<byte[]?> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        try
        {
            while (read < count)
            {
                var n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                if (n == 0) return null;
                read += n;
            }
        }
        catch (IOException)
        {
            return null;
        }

        return buffer;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
