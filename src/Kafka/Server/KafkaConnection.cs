using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Akka.Event;

namespace Actors.Kafka.Server;

/// <summary>
/// One client's connection: a read loop that cuts frames, decodes each request and starts its handler in arrival
/// order, and a write loop that awaits the responses in that same order (Kafka clients match responses by order
/// as well as correlation id) and flushes when it has nothing more ready. A bounded queue between the two pauses
/// reading when too many requests are in flight. Any breach of the protocol (bad size, malformed header or body, a
/// failed handler) closes the connection with one log line saying why; nothing escapes to the listener.
/// </summary>
internal sealed class KafkaConnection(long id, Socket socket, KafkaListenerSettings settings, KafkaApis apis, ILoggingAdapter log)
{
    private sealed record Pending(int CorrelationId, ApiKey Api, short Version, short HeaderVersion, Task<IKafkaMessage> Response);

    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private string? _closeReason;
    private bool _isBreach;

    /// <summary>Serves the connection until the client leaves, a breach closes it, or <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var remote = socket.RemoteEndPoint;
        await using var registration = stopping.Register(() => Close("the listener is stopping", isBreach: false));
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        var queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(settings.MaxInFlightPerConnection)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var writing = WriteAsync(queue.Reader, output);
        try
        {
            await ReadAsync(input, queue.Writer, remote);
        }
        catch (KafkaProtocolException ex)
        {
            Close($"malformed request: {ex.Message}", isBreach: true);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            Close(_closing.IsCancellationRequested ? "closed" : $"read failed: {ex.Message}", isBreach: false);
        }
        catch (Exception ex)
        {
            // Nothing a client sends may escape this connection: whatever it was, close it and say so.
            Close($"unexpected {ex.GetType().Name}: {ex.Message}", isBreach: true);
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        Close("the client closed the connection", isBreach: false);
        await writing;
        try
        {
            // The writer first: completing it flushes what is left, and completing the reader disposes the stream
            // under it. The socket may be gone already (the client left); then there is nothing to flush to.
            await output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        await input.CompleteAsync();
        socket.Dispose();
        _closing.Dispose();
        if (_isBreach) log.Warning("kafka connection {0} from {1} closed: {2}", id, remote, _closeReason);
        else log.Debug("kafka connection {0} from {1} closed: {2}", id, remote, _closeReason);
    }

    private async Task ReadAsync(PipeReader input, ChannelWriter<Pending> queue, System.Net.EndPoint? remote)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        while (true)
        {
            idle.CancelAfter(settings.IdleTimeout);
            ReadResult result;
            try
            {
                result = await input.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
            {
                Close($"idle for {settings.IdleTimeout.TotalSeconds:0} s", isBreach: false);
                return;
            }

            var buffer = result.Buffer;
            while (true)
            {
                var outcome = RequestFrames.TryRead(ref buffer, settings.MaxRequestSize, out var frame, out var reason);
                if (outcome == RequestFrames.Outcome.Incomplete) break;
                if (outcome == RequestFrames.Outcome.Refused)
                {
                    Close(reason, isBreach: true);
                    return;
                }

                var pending = Start(frame, remote);
                if (pending is not null) await queue.WriteAsync(pending, _closing.Token);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                if (buffer.Length > 0) Close($"the client closed the connection inside a frame ({buffer.Length} bytes left)", isBreach: true);
                return;
            }
        }
    }

    /// <summary>Decodes one request and starts its handler; null when no response is due (acks=0).</summary>
    private Pending? Start(byte[] frame, System.Net.EndPoint? remote)
    {
        var header = RequestHeader.Read(frame, out var body);
        if (!apis.Supports(header.ApiKey, header.ApiVersion))
        {
            log.Info("kafka connection {0} ({1}): api key {2} version {3} is not supported; answered UNSUPPORTED_VERSION",
                id, header.ClientId, header.ApiKey, header.ApiVersion);
            return new Pending(header.CorrelationId, ApiKey.ApiVersions, 0, 0, Task.FromResult<IKafkaMessage>(apis.Unsupported()));
        }

        var api = (ApiKey)header.ApiKey;
        var context = new KafkaRequestContext(id, remote, header.ClientId, header.CorrelationId, api, header.ApiVersion);
        var response = apis.Start(body, context, _closing.Token);
        return response is null
            ? null
            : new Pending(header.CorrelationId, api, header.ApiVersion, SupportedApis.ResponseHeaderVersion(api, header.ApiVersion), response);
    }

    private async Task WriteAsync(ChannelReader<Pending> queue, PipeWriter output)
    {
        var scratch = new ArrayBufferWriter<byte>();
        try
        {
            await foreach (var pending in queue.ReadAllAsync(_closing.Token))
            {
                IKafkaMessage response;
                try
                {
                    response = await pending.Response.WaitAsync(_closing.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Close($"the {pending.Api} v{pending.Version} handler failed: {ex.GetType().Name}: {ex.Message}", isBreach: true);
                    return;
                }

                scratch.ResetWrittenCount();
                ResponseHeader.Serde(new KafkaWriter(scratch), pending.CorrelationId, pending.HeaderVersion);
                KafkaMessage.Write(response, pending.Version, scratch);
                BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), scratch.WrittenCount);
                output.Advance(4);
                output.Write(scratch.WrittenSpan);
                if (scratch.Capacity > 1024 * 1024) scratch = new ArrayBufferWriter<byte>();
                if (!queue.TryPeek(out _)) await output.FlushAsync(_closing.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            Close(_closing.IsCancellationRequested ? "closed" : $"write failed: {ex.Message}", isBreach: false);
        }
    }

    /// <summary>Records the first reason and stops both loops (and every handler, through the token).</summary>
    private void Close(string reason, bool isBreach)
    {
        lock (_gate)
        {
            if (_closeReason is not null) return;
            _closeReason = reason;
            _isBreach = isBreach;
        }

        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
