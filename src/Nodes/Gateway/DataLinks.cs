using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Actors.Gateway;
using Actors.Partitions;
using Actors.Security;
using Actors.Topics;

namespace Actors.Nodes.Gateway;

/// <summary>
/// This node's data links (<see cref="DataLinkWire"/>): a TCP listener on the remoting host, at
/// <c>actors.gateway.data-link.port</c> (0: any free port; a client learns it from the offer), over mutual TLS when the
/// node has TLS. A session (or, without authentication, the gateway) offers a link to its client with a token of 16
/// random bytes, good once for <see cref="DataLinkWire.HelloTimeout"/>. The connection that shows it speaks for that
/// session: each message read is told to it, as if it came over remoting, from an actor of the link that writes the
/// replies back; the session applies its ACLs and rate and routes it (without authentication, partition commands such as
/// publish batches go straight to the partitions, as the gateway would send them, rather than through it; a consumer opened on the link has that actor as its
/// target, so its deliveries come back on the link too; the client's acks go to the group member over remoting). The link closes when the client closes it, when
/// the session ends, when nothing came on it for <see cref="DataLinkWire.NodeIdleLimit"/> (a client pings when quiet),
/// when the node stops, or at a breach of the framing (one log line saying why).
/// </summary>
internal sealed class DataLinks : IDisposable
{
    internal const string EnabledKey = "actors.gateway.data-link.enabled";
    internal const string PortKey = "actors.gateway.data-link.port";

    private readonly ActorSystem _system;
    private readonly TlsCredentials? _tls;
    private readonly ILoggingAdapter _log;
    private readonly TcpListener _listener;
    private readonly long _maxFrame;
    private readonly ConcurrentDictionary<string, (IActorRef Session, long Expires)> _offers = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _connections;

    private DataLinks(ActorSystem system, TlsCredentials? tls, TcpListener listener)
    {
        _system = system;
        _tls = tls;
        _listener = listener;
        _log = Logging.GetLogger(system, typeof(DataLinks));
        _maxFrame = DataLinkWire.MaxFrameLength(TopicsSettings.Create(system).MaxMessageBytes);
    }

    /// <summary>The port the links listen on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// Starts listening when <c>actors.gateway.data-link.enabled</c>; null when it is off. A port that cannot be bound
    /// is one error line, and the node goes on without links (clients keep to remoting).
    /// </summary>
    public static DataLinks? Start(ActorSystem system, TlsCredentials? tls)
    {
        var config = system.Settings.Config;
        if (!config.GetBoolean(EnabledKey, true)) return null;
        var port = config.GetInt(PortKey, 0);
        // Where remoting binds (the node checked that host, and a fixed port's being free, before it started).
        var address = Hosting.NodeListeners.Addresses(config.GetString(Configuration.NodeConfigLoader.HostnameKey, "")).First();
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            Logging.GetLogger(system, typeof(DataLinks)).Error("data links: cannot listen on {0}:{1} ({2}); clients publish over remoting", address, port, ex.Message);
            return null;
        }

        var links = new DataLinks(system, tls, listener);
        links._log.Info("data links listen on {0}", listener.LocalEndpoint);
        _ = Task.Run(links.AcceptAsync);
        system.RegisterOnTermination(links.Dispose);
        return links;
    }

    /// <summary>An offer for <paramref name="session"/>: the port and a token good once, for a while.</summary>
    public DataLinkOffered Offer(IActorRef session)
    {
        var now = Environment.TickCount64;
        foreach (var (key, offer) in _offers)
            if (offer.Expires < now) _offers.TryRemove(key, out _);
        var token = RandomNumberGenerator.GetBytes(DataLinkWire.TokenLength);
        _offers[Convert.ToHexString(token)] = (session, now + (long)DataLinkWire.HelloTimeout.TotalMilliseconds);
        return new DataLinkOffered(Port, token);
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested) return;
                continue;
            }

            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(id, socket));
        }
    }

    private async Task ServeAsync(long id, Socket socket)
    {
        var remote = socket.RemoteEndPoint;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        Connection? connection = null;
        try
        {
            using var hello = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            hello.CancelAfter(DataLinkWire.HelloTimeout);
            stream = await SecureAsync(stream, hello.Token);
            var input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            var token = await ReadHelloAsync(input, hello.Token);
            if (!_offers.TryRemove(Convert.ToHexString(token), out var offer) || offer.Expires < Environment.TickCount64)
            {
                _log.Warning("data link {0} from {1} refused: its token is unknown or expired", id, remote);
                await input.CompleteAsync();
                return;
            }

            await stream.WriteAsync(DataLinkWire.EncodeWelcome(), hello.Token);
            await stream.FlushAsync(hello.Token);
            connection = new Connection(this, id, offer.Session, stream);
            _log.Debug("data link {0} from {1} open for {2}", id, remote, offer.Session.Path);
            await connection.RunAsync(input);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = ex switch
            {
                DataLinkException breach => $"malformed frame: {breach.Message}",
                OperationCanceledException when _stopping.IsCancellationRequested => "the node is stopping",
                OperationCanceledException when connection is not null => $"the session ended, or nothing came for {DataLinkWire.NodeIdleLimit.TotalSeconds:0} s",
                OperationCanceledException => $"no hello within {DataLinkWire.HelloTimeout.TotalSeconds:0} s",
                AuthenticationException => $"TLS handshake failed: {ex.GetBaseException().Message}",
                _ => ex.GetBaseException().Message,
            };
            if (ex is DataLinkException or AuthenticationException) _log.Warning("data link {0} from {1} closed: {2}", id, remote, reason);
            else _log.Debug("data link {0} from {1} closed: {2}", id, remote, reason);
        }
        finally
        {
            connection?.Stop();
            await stream.DisposeAsync();
        }
    }

    private async Task<Stream> SecureAsync(Stream network, CancellationToken cancellationToken)
    {
        if (_tls is null) return network;
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        string? refused = null;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = _tls.Certificate,
            ClientCertificateRequired = true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) => (refused = _tls.Refusal(certificate, chain)) is null,
        };
        try
        {
            await ssl.AuthenticateAsServerAsync(options, cancellationToken);
        }
        catch (AuthenticationException) when (refused is not null)
        {
            throw new AuthenticationException(refused);
        }

        return ssl;
    }

    private async Task<byte[]> ReadHelloAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (DataLinkWire.TryReadFrame(ref buffer, DataLinkWire.HeaderLength + DataLinkWire.TokenLength, out var kind, out var body))
            {
                if (kind != DataLinkWire.Hello) throw new DataLinkException($"a frame of kind {kind} before the hello");
                var token = DataLinkWire.DecodeHello(body);
                input.AdvanceTo(buffer.Start);
                return token;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted) throw new IOException("the client closed the connection before its hello");
        }
    }

    /// <summary>
    /// One open link: reads messages and tells them to the session, from one reply actor per sender id of the client's;
    /// a writer sends what those actors get back. A watcher closes it when the session ends.
    /// </summary>
    private sealed class Connection(DataLinks links, long id, IActorRef session, Stream stream)
    {
        private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(links._stopping.Token);
        private readonly Dictionary<int, IActorRef> _replies = [];
        private IActorRef? _watcher;
        private long _made;

        public async Task RunAsync(PipeReader input)
        {
            _watcher = links._system.ActorOf(Props.Create(() => new SessionWatcher(session, _closing)), $"data-link-{id}");
            var direct = !Security.Security.Get(links._system).Enabled;
            var partitions = Broker.Get(links._system).Partitions;
            var writing = WriteAsync();
            // A client pings when quiet, so a link silent this long lost its client without a word (its host went away).
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
            try
            {
                while (true)
                {
                    idle.CancelAfter(DataLinkWire.NodeIdleLimit);
                    var read = await input.ReadAsync(idle.Token);
                    var buffer = read.Buffer;
                    while (DataLinkWire.TryReadFrame(ref buffer, links._maxFrame, out var kind, out var body))
                    {
                        if (kind == DataLinkWire.Ping)
                        {
                            _outbox.Writer.TryWrite(DataLinkWire.Empty(DataLinkWire.Pong));
                            continue;
                        }

                        if (kind == DataLinkWire.Forget)
                        {
                            Forget(DataLinkWire.DecodeForget(body));
                            continue;
                        }

                        if (kind != DataLinkWire.Message) throw new DataLinkException($"a frame of kind {kind} after the hello");
                        var (sender, _, message) = DataLinkWire.DecodeMessage(links._system.Serialization, body);
                        var reply = Reply(sender);
                        if (direct && message is IPartitionCommand command)
                        {
                            // Without authentication the gateway would only pass it on: no one actor on every client's path.
                            partitions.Tell(command, reply);
                            continue;
                        }

                        // A consumer opened on the link gets its deliveries on it: the member's target is the sender's writer.
                        session.Tell(message is OpenConsumer open ? open with { Target = reply } : message, reply);
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (read.IsCompleted) break;
                }
            }
            finally
            {
                await input.CompleteAsync();
                _closing.Cancel();
                await writing;
            }
        }

        public void Stop()
        {
            _closing.Cancel();
            _outbox.Writer.TryComplete();
            if (_watcher is not null) links._system.Stop(_watcher);
            foreach (var reply in _replies.Values) links._system.Stop(reply);
        }

        /// <summary>The client's actor <paramref name="sender"/> stopped: its writer stops once what wrote to it did (see <see cref="ReplyWriter"/>).</summary>
        private void Forget(int sender)
        {
            if (_replies.Remove(sender, out var reply)) reply.Tell(ReplyWriter.Forgotten.Instance);
        }

        /// <summary>The actor the replies to the client's sender <paramref name="sender"/> go to; made at its first message.</summary>
        private IActorRef Reply(int sender)
        {
            if (_replies.TryGetValue(sender, out var reply)) return reply;
            if (sender < 0 || _replies.Count >= 1024) throw new DataLinkException($"sender id {sender} (a link serves at most 1024 live senders)");
            reply = links._system.ActorOf(Props.Create(() => new ReplyWriter(links._system.Serialization, sender, _outbox.Writer)), $"data-link-{id}-{sender}-{_made++}");
            _replies[sender] = reply;
            return reply;
        }

        private async Task WriteAsync()
        {
            try
            {
                await DataLinkWire.WriteFramesAsync(_outbox.Reader, stream, _closing.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
            }
            finally
            {
                // A writer that failed leaves nothing to answer on: the read loop stops too.
                _closing.Cancel();
            }
        }
    }

    /// <summary>
    /// Writes each message it gets to the link as a frame for the client's actor <c>sender</c>, naming the actor that sent
    /// it (with this node's address when it is local), so the client can answer that actor over remoting. It watches
    /// those actors. Once the client's actor stopped (<see cref="Forgotten"/>), it stops when they all have, or after
    /// <see cref="ForgetGrace"/> at the latest: a group member delivering to it first takes the acks the client sent
    /// before it stopped (they come over remoting, the forget over the link), and stops at the client's leave; one
    /// the client left without a word stops with this writer, its target.
    /// </summary>
    private sealed class ReplyWriter : ReceiveActor, IWithTimers
    {
        private static readonly TimeSpan ForgetGrace = TimeSpan.FromSeconds(30);
        private readonly HashSet<IActorRef> _senders = [];
        private IActorRef? _lastSender;
        private string? _lastPath;
        private bool _forgotten;

        public ReplyWriter(Akka.Serialization.Serialization serialization, int sender, ChannelWriter<byte[]> outbox)
        {
            Receive<Forgotten>(_ =>
            {
                _forgotten = true;
                if (_senders.Count == 0) Context.Stop(Self);
                else Timers.StartSingleTimer(Forgotten.Instance, StopNow.Instance, ForgetGrace);
            });
            Receive<StopNow>(_ => Context.Stop(Self));
            Receive<Terminated>(stopped =>
            {
                _senders.Remove(stopped.ActorRef);
                if (_forgotten && _senders.Count == 0) Context.Stop(Self);
            });
            ReceiveAny(message => outbox.TryWrite(DataLinkWire.EncodeMessage(serialization, sender, message, PathOf(Sender))));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        private string? PathOf(IActorRef sender)
        {
            if (sender.IsNobody()) return null;
            if (!sender.Equals(_lastSender))
            {
                _lastSender = sender;
                _lastPath = Akka.Serialization.Serialization.SerializedActorPath(sender);
                if (_senders.Count < 10_000 && _senders.Add(sender)) Context.Watch(sender);
            }

            return _lastPath;
        }

        /// <summary>The client's actor this writer answers stopped.</summary>
        public sealed class Forgotten : INoSerializationVerificationNeeded
        {
            public static Forgotten Instance { get; } = new();
            private Forgotten() { }
        }

        private sealed class StopNow : INoSerializationVerificationNeeded
        {
            public static StopNow Instance { get; } = new();
            private StopNow() { }
        }
    }

    /// <summary>Closes the link when the session it speaks for ends.</summary>
    private sealed class SessionWatcher : ReceiveActor
    {
        public SessionWatcher(IActorRef session, CancellationTokenSource closing)
        {
            Context.Watch(session);
            Receive<Terminated>(_ => closing.Cancel());
        }
    }
}
