using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Event;

namespace Actors.Kafka.Server;

/// <summary>
/// The Kafka door of a node: accepts TCP connections and runs a <see cref="KafkaConnection"/> on each, up to
/// <see cref="KafkaListenerSettings.MaxConnections"/>. Plain sockets with System.IO.Pipelines rather than
/// Akka.Streams TCP: Kafka's framing is a length prefix over a byte stream, which a pipe cuts without copying
/// until a whole frame is there, and request/response pipelining per connection is a bounded queue of tasks
/// written in order; a stream graph per connection would add an actor, ByteString copies and materialization for
/// nothing the protocol needs. Akka comes in at the handlers (next to the partitions) and the logger.
/// </summary>
public sealed class KafkaListener : IAsyncDisposable
{
    private readonly KafkaListenerSettings _settings;
    private readonly KafkaApis _apis;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private Socket? _socket;
    private Task _accepting = Task.CompletedTask;
    private long _nextConnectionId;

    public KafkaListener(KafkaListenerSettings settings, KafkaApis apis, ILoggingAdapter log)
    {
        if (settings.Protocol.UsesTls() && settings.Tls is null) throw new ArgumentException($"a {settings.Protocol.Name()} listener needs a certificate (KafkaTls)");
        if (settings.Protocol.UsesSasl() && settings.SaslCredentials is null) throw new ArgumentException($"a {settings.Protocol.Name()} listener needs SASL credentials");
        _settings = settings;
        _apis = apis;
        _apis.Sasl = settings.Protocol.UsesSasl();
        _log = log;
        Limits = new PrincipalLimits(settings.MaxConnectionsPerPrincipal, settings.MaxRequestsPerSecondPerPrincipal);
    }

    /// <summary>The bound endpoint (the real port when the settings asked for port 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint ?? throw new InvalidOperationException("the listener is not started");

    /// <summary>The per-principal connection and request-rate limits of this listener.</summary>
    public PrincipalLimits Limits { get; }

    /// <summary>Connections open now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Binds and starts accepting; a taken port throws <see cref="IOException"/> with one readable line.</summary>
    public void Start()
    {
        var socket = new Socket(_settings.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(_settings.EndPoint);
            socket.Listen(512);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var why = ex.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is taken" : ex.Message;
            throw new IOException($"cannot listen for Kafka clients on {_settings.EndPoint}: {why}", ex);
        }

        _socket = socket;
        _accepting = AcceptAsync(socket, _stopping.Token);
        _log.Info("kafka listener on {0} ({1})", LocalEndPoint, _settings.Protocol.Name());
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested) return;
                _log.Warning("kafka listener: accept failed: {0}", ex.Message);
                continue;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            if (_connections.Count >= _settings.MaxConnections)
            {
                _log.Warning("kafka connection {0} from {1} refused: {2} connections are open, the maximum",
                    id, client.RemoteEndPoint, _connections.Count);
                client.Dispose();
                continue;
            }

            var connection = new KafkaConnection(id, client, _settings, _apis, Limits, _log);
            // The entry exists before the connection can finish and remove it.
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[id] = RunAsync(id, connection, registered.Task);
            registered.SetResult();
        }
    }

    private async Task RunAsync(long id, KafkaConnection connection, Task registered)
    {
        await registered;
        KafkaMetrics.Connections.Add(1);
        try
        {
            await connection.RunAsync(_stopping.Token);
        }
        finally
        {
            KafkaMetrics.Connections.Add(-1);
            _connections.TryRemove(id, out _);
        }
    }

    /// <summary>Stops accepting, closes every connection and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket?.Dispose();
        await _accepting;
        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
    }
}
