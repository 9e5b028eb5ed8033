using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Actors.Gateway;
using Actors.Security;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// A client's data link to its node (<see cref="DataLinkWire"/>): publish batches go out on it and their confirms come
/// back on it, and a consumer's deliveries come in on it, without Akka.Remote's envelopes, endpoint actors and event
/// loops. It speaks for the session that offered it (principal, ACLs, rate), over TLS when the client has credentials.
/// Whoever sends a message through it gets an id, and the node's replies to that id are told to it here, from the
/// actor the node names (resolved as a remote actor: acks go to a group member over remoting); when it stops, the node
/// is told to forget it. When the connection ends, the link says so once (<c>closed</c>) and takes nothing more;
/// whoever held it goes back to remoting.
/// </summary>
public sealed class DataLink : IDisposable
{
    private readonly ActorSystem _system;
    private readonly Stream _stream;
    private readonly long _maxFrame;
    private readonly Action<DataLink> _closed;
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<IActorRef, int> _ids = [];
    private readonly Dictionary<int, IActorRef> _actors = [];
    private readonly Dictionary<string, IActorRef> _senders = new(StringComparer.Ordinal);
    private IActorRef? _watcher;
    private int _nextId;
    private long _received;
    private int _closedOnce;
    private long _lastHeard = Environment.TickCount64;

    private DataLink(ActorSystem system, Stream stream, long maxFrame, Action<DataLink> closed)
    {
        _system = system;
        _stream = stream;
        _maxFrame = maxFrame;
        _closed = closed;
    }

    /// <summary>Where the link goes: <c>host:port</c>.</summary>
    public string Endpoint { get; private init; } = "";

    /// <summary>How many messages came in on the link (confirms, deliveries, answers).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>False once the connection ended (or the link was disposed): sends go elsewhere.</summary>
    public bool IsOpen => Volatile.Read(ref _closedOnce) == 0;

    /// <summary>
    /// Asks <paramref name="session"/> for a link and opens it to <paramref name="host"/>, within <paramref name="timeout"/>.
    /// Null when the node offers none or it cannot be opened in time (its reason goes to <paramref name="why"/>): the
    /// client then keeps to remoting, which serves every request too (<paramref name="offersNone"/> is told when the node
    /// said it has no links). <paramref name="closed"/> is told once when an open link ends.
    /// </summary>
    public static async Task<DataLink?> OpenAsync(ActorSystem system, IActorRef session, string host, TlsCredentials? tls, TimeSpan timeout,
        Action<DataLink> closed, Action<string>? why = null, Action? offersNone = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Socket? socket = null;
        try
        {
            var offer = await session.Ask<object>(OpenDataLink.Instance, timeout, deadline.Token);
            if (offer is not DataLinkOffered offered)
            {
                if (offer is DataLinkRefused) offersNone?.Invoke();
                why?.Invoke(offer is DataLinkRefused refused ? refused.Reason : $"the node answered {offer.GetType().Name}");
                return null;
            }

            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(host, offered.Port, deadline.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    ClientCertificates = [tls.Certificate],
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    // The node's certificate must be signed by the client's CA, as on remoting; its name is not checked
                    // there either (a node is known by its CA).
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) => tls.Refusal(certificate, chain) is null,
                }, deadline.Token);
                stream = ssl;
            }

            var maxFrame = DataLinkWire.MaxFrameLength(TopicsSettings.Create(system).MaxMessageBytes);
            await stream.WriteAsync(DataLinkWire.EncodeHello(offered.Token), deadline.Token);
            await stream.FlushAsync(deadline.Token);
            var input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            if (!await ReadWelcomeAsync(input, maxFrame, deadline.Token))
            {
                why?.Invoke("the node closed the link at its hello");
                await input.CompleteAsync();
                await stream.DisposeAsync();
                return null;
            }

            var link = new DataLink(system, stream, maxFrame, closed) { Endpoint = $"{host}:{offered.Port}" };
            link._watcher = system.ActorOf(Props.Create(() => new SenderWatcher(link)));
            link.Start(input);
            return link;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            socket?.Dispose();
            why?.Invoke(ex is OperationCanceledException or AskTimeoutException
                ? $"no link within {timeout.TotalSeconds:0.#} s"
                : ex.GetBaseException().Message);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            return null;
        }
    }

    /// <summary>Sends <paramref name="message"/> from <paramref name="sender"/>, whose replies come back to it; false when the link is closed.</summary>
    public bool TrySend(object message, IActorRef sender)
    {
        if (!IsOpen) return false;
        int id;
        var added = false;
        lock (_gate)
        {
            if (!_ids.TryGetValue(sender, out id))
            {
                id = _nextId++;
                _actors[id] = sender;
                _ids[sender] = id;
                added = true;
            }
        }

        // When it stops, the node is told to forget it (and stops what serves it there: a consumer's group member).
        if (added) _watcher?.Tell(new SenderWatcher.Watch(sender));
        return _outbox.Writer.TryWrite(DataLinkWire.EncodeMessage(_system.Serialization, id, message));
    }

    /// <summary><paramref name="sender"/> stopped: its replies find nothing here, and the node forgets it.</summary>
    private void Forget(IActorRef sender)
    {
        int id;
        lock (_gate)
        {
            if (!_ids.Remove(sender, out id)) return;
            _actors.Remove(id);
        }

        if (IsOpen) _outbox.Writer.TryWrite(DataLinkWire.EncodeForget(id));
    }

    /// <summary>The actor a node's reply names as its sender (a group member there), resolved once per path.</summary>
    private IActorRef? SenderOf(string? path)
    {
        if (path is null) return null;
        lock (_gate)
        {
            if (_senders.TryGetValue(path, out var known)) return known;
            if (_senders.Count > 10_000) _senders.Clear();
            var resolved = ((ExtendedActorSystem)_system).Provider.ResolveActorRef(path);
            _senders[path] = resolved;
            return resolved;
        }
    }

    /// <summary>Closes the connection; nothing more is sent or told.</summary>
    public void Dispose() => Close(notify: false);

    /// <summary>Ends the connection as a network failure would: whoever holds the link is told it was lost.</summary>
    internal void Break() => Close(notify: true);

    private void Start(PipeReader input)
    {
        _ = Task.Run(() => ReadAsync(input));
        _ = Task.Run(WriteAsync);
        _ = Task.Run(KeepAliveAsync);
    }

    /// <summary>
    /// A link can go silent without an error (a dropped route, a frozen node): pings after <see cref="DataLinkWire.PingAfter"/>
    /// of quiet, and breaks the link after <see cref="DataLinkWire.SilenceLimit"/>, so the producer's batches go through
    /// the gateway rather than into a connection that answers nothing.
    /// </summary>
    private async Task KeepAliveAsync()
    {
        var ping = DataLinkWire.Empty(DataLinkWire.Ping);
        try
        {
            while (IsOpen)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), _closing.Token);
                var quiet = Environment.TickCount64 - Volatile.Read(ref _lastHeard);
                if (quiet > DataLinkWire.SilenceLimit.TotalMilliseconds) Close(notify: true);
                else if (quiet > DataLinkWire.PingAfter.TotalMilliseconds) _outbox.Writer.TryWrite(ping);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<bool> ReadWelcomeAsync(PipeReader input, long maxFrame, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (DataLinkWire.TryReadFrame(ref buffer, maxFrame, out var kind, out _))
            {
                input.AdvanceTo(buffer.Start);
                return kind == DataLinkWire.Welcome;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted) return false;
        }
    }

    private async Task ReadAsync(PipeReader input)
    {
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(_closing.Token);
                var buffer = read.Buffer;
                while (DataLinkWire.TryReadFrame(ref buffer, _maxFrame, out var kind, out var body))
                {
                    Volatile.Write(ref _lastHeard, Environment.TickCount64);
                    if (kind == DataLinkWire.Pong) continue;
                    if (kind != DataLinkWire.Message) throw new DataLinkException($"a frame of kind {kind} after the welcome");
                    var (id, senderPath, message) = DataLinkWire.DecodeMessage(_system.Serialization, body);
                    Interlocked.Increment(ref _received);
                    IActorRef? recipient;
                    lock (_gate) recipient = _actors.GetValueOrDefault(id);
                    recipient?.Tell(message, SenderOf(senderPath) ?? ActorRefs.NoSender);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted) break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Closed here or by the node, or a frame that did not read: either way the link is done.
        }
        finally
        {
            await input.CompleteAsync();
            Close(notify: true);
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await DataLinkWire.WriteFramesAsync(_outbox.Reader, _stream, _closing.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
        }
        finally
        {
            Close(notify: true);
        }
    }

    private void Close(bool notify)
    {
        if (Interlocked.Exchange(ref _closedOnce, 1) != 0) return;
        _outbox.Writer.TryComplete();
        if (_watcher is not null) _system.Stop(_watcher);
        _closing.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }

        if (notify) _closed(this);
    }

    /// <summary>Watches each actor that sent on the link, and makes the link forget it when it stops.</summary>
    private sealed class SenderWatcher : ReceiveActor
    {
        public SenderWatcher(DataLink link)
        {
            Receive<Watch>(watch => Context.Watch(watch.Sender));
            Receive<Terminated>(stopped => link.Forget(stopped.ActorRef));
        }

        public sealed record Watch(IActorRef Sender) : INoSerializationVerificationNeeded;
    }
}
