using Akka.IO;
using Tcp = Akka.Streams.Dsl.Tcp;

namespace Actors.Streams.Connectors;

/// <summary>
/// TCP as streams of lines, so a program in any language can feed a pipeline (<c>nc host port &lt; file</c>)
/// or receive its output. Reading backpressures the socket: a slow pipeline slows the senders down.
/// </summary>
public static class TcpLines
{
    /// <summary>
    /// Listens on <paramref name="host"/>:<paramref name="port"/> (0 = any free port) and emits the lines of
    /// every connection, up to <paramref name="maxConnections"/> at once, merged; each connection's lines keep
    /// their order. The server answers nothing: it closes its side and reads until the client closes. The
    /// materialized binding tells the bound address and unbinds.
    /// </summary>
    public static Source<string, Task<Tcp.ServerBinding>> Server(ActorSystem system, string host, int port,
        LineFraming framing = LineFraming.Newline, int maxConnections = 64, int maxLineBytes = Framings.DefaultMaxLineBytes) =>
        system.TcpStream().Bind(host, port, halfClose: true)
            .MergeMany(maxConnections, connection => Source.Empty<ByteString>()
                .Via(connection.Flow)
                .Via(Framings.Decode(framing, maxLineBytes))
                // MergeMany types an inner source's materialized value as the outer one's and ignores it.
                .MapMaterializedValue(_ => NoBinding));

    private static readonly Task<Tcp.ServerBinding> NoBinding = Task.FromException<Tcp.ServerBinding>(
        new InvalidOperationException("a connection's stream has no binding of its own"));

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> and writes each element as a line; the task
    /// completes when the stream ends and the server has closed.
    /// </summary>
    public static Sink<string, Task<Tcp.OutgoingConnection>> Client(ActorSystem system, string host, int port, LineFraming framing = LineFraming.Newline) =>
        Flow.Create<string>().Via(Framings.Encode(framing))
            .ViaMaterialized(system.TcpStream().OutgoingConnection(host, port), Keep.Right)
            .To(Sink.Ignore<ByteString>());

    /// <summary>
    /// A client sink that reconnects with exponential backoff when the connection drops or cannot be made;
    /// lines written while disconnected wait (backpressure), and a line in flight when it drops may be lost.
    /// </summary>
    public static Sink<string, NotUsed> ReconnectingClient(ActorSystem system, string host, int port, RestartSettings restart,
        LineFraming framing = LineFraming.Newline) =>
        RestartSink.WithBackoff(() => Client(system, host, port, framing).MapMaterializedValue(_ => NotUsed.Instance), restart);
}
