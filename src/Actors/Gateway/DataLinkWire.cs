using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Actors.Serialization;

namespace Actors.Gateway;

/// <summary>
/// The frames of a data link (<see cref="OpenDataLink"/>), the native client's own TCP connection to a node for the
/// hot path, beside its Akka.Remote connection for everything else. Each frame is a 4-byte big-endian length (of what
/// follows it), a kind byte and a body:
/// <list type="bullet">
/// <item><see cref="Hello"/> (client first, once): the <see cref="TokenLength"/>-byte token of a <see cref="DataLinkOffered"/>.</item>
/// <item><see cref="Welcome"/> (node, once, empty): the token was good; messages may flow.</item>
/// <item><see cref="Message"/> (either way): a 4-byte actor id, the 4-byte id of the Akka serializer, a 2-byte manifest
/// length, the manifest (UTF-8), a 2-byte length and the sender's actor path (UTF-8, with its address; empty for none),
/// and the serialized message, as Akka.Remote would carry it. From the client the id names the sender (replies come back
/// with it) and the path is empty; from the node the id names the recipient and the path the actor that replied (a
/// group member: the client acks to it over remoting).</item>
/// <item><see cref="Forget"/> (client): a 4-byte actor id whose actor stopped; the node stops what it kept for it.</item>
/// <item><see cref="Ping"/> (client, empty) and <see cref="Pong"/> (node's answer, empty): a client that has heard nothing
/// for <see cref="PingAfter"/> asks, and gives the link up after <see cref="SilenceLimit"/> of silence; a node closes a
/// link it has heard nothing on for <see cref="NodeIdleLimit"/>.</item>
/// </list>
/// A frame longer than <see cref="MaxFrameLength"/> of <c>max-message-size</c>, a kind out of turn, or a body that does
/// not read closes the link.
/// </summary>
public static class DataLinkWire
{
    public const byte Hello = 1;
    public const byte Welcome = 2;
    public const byte Message = 3;
    public const byte Ping = 4;
    public const byte Pong = 5;
    public const byte Forget = 6;
    public const int TokenLength = 16;

    /// <summary>A client pings when it has heard nothing from the node for this long.</summary>
    public static readonly TimeSpan PingAfter = TimeSpan.FromSeconds(2);

    /// <summary>A client gives its link up (and sends through the gateway) after this long without a frame from the node.</summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(10);

    /// <summary>A node closes a link it has had no frame on for this long (its client pings far more often).</summary>
    public static readonly TimeSpan NodeIdleLimit = TimeSpan.FromSeconds(30);

    /// <summary>Length and kind.</summary>
    public const int HeaderLength = 5;

    /// <summary>How long a node waits for the <see cref="Hello"/> of a new connection, and an offer's token stays good.</summary>
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest frame a link takes when messages may be <paramref name="maxMessageBytes"/>: what a remoting frame takes.</summary>
    public static long MaxFrameLength(long maxMessageBytes) => Topics.RemotingFrames.For(maxMessageBytes);

    /// <summary>A <see cref="Hello"/> frame carrying <paramref name="token"/>.</summary>
    public static byte[] EncodeHello(byte[] token)
    {
        if (token.Length != TokenLength) throw new ArgumentException($"a data link token has {TokenLength} bytes", nameof(token));
        var frame = new byte[HeaderLength + TokenLength];
        WriteHeader(frame, Hello);
        token.CopyTo(frame, HeaderLength);
        return frame;
    }

    /// <summary>The <see cref="Welcome"/> frame.</summary>
    public static byte[] EncodeWelcome() => Empty(Welcome);

    /// <summary>A frame of <paramref name="kind"/> with nothing in it (<see cref="Welcome"/>, <see cref="Ping"/>, <see cref="Pong"/>).</summary>
    public static byte[] Empty(byte kind)
    {
        var frame = new byte[HeaderLength];
        WriteHeader(frame, kind);
        return frame;
    }

    /// <summary>
    /// A <see cref="Message"/> frame: <paramref name="message"/> serialized as Akka.Remote would, for or from actor
    /// <paramref name="actorId"/>, sent by <paramref name="senderPath"/> (null: nobody, or the id is the sender).
    /// </summary>
    public static byte[] EncodeMessage(Akka.Serialization.Serialization serialization, int actorId, object message, string? senderPath = null)
    {
        var serializer = serialization.FindSerializerFor(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var manifestLength = Encoding.UTF8.GetByteCount(manifest);
        var senderLength = senderPath is null ? 0 : Encoding.UTF8.GetByteCount(senderPath);
        if (manifestLength > ushort.MaxValue || senderLength > ushort.MaxValue)
            throw new ArgumentException($"the manifest or sender of {message.GetType().Name} is too long for a data link", nameof(message));
        // Actors' own serializers write the payload straight into the frame, after room for what goes before it.
        var prefix = HeaderLength + 12 + manifestLength + senderLength;
        byte[] frame;
        if (serializer is IFramedSerializer framed)
        {
            frame = framed.ToBinary(message, prefix);
        }
        else
        {
            var payload = serializer.ToBinary(message);
            frame = new byte[prefix + payload.Length];
            payload.CopyTo(frame.AsSpan(prefix));
        }

        WriteHeader(frame, Message);
        var body = frame.AsSpan(HeaderLength);
        BinaryPrimitives.WriteInt32BigEndian(body, actorId);
        BinaryPrimitives.WriteInt32BigEndian(body[4..], serializer.Identifier);
        BinaryPrimitives.WriteUInt16BigEndian(body[8..], (ushort)manifestLength);
        Encoding.UTF8.GetBytes(manifest, body[10..]);
        BinaryPrimitives.WriteUInt16BigEndian(body[(10 + manifestLength)..], (ushort)senderLength);
        if (senderPath is not null) Encoding.UTF8.GetBytes(senderPath, body[(12 + manifestLength)..]);
        return frame;
    }

    /// <summary>A <see cref="Forget"/> frame for actor <paramref name="actorId"/>.</summary>
    public static byte[] EncodeForget(int actorId)
    {
        var frame = new byte[HeaderLength + 4];
        WriteHeader(frame, Forget);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(HeaderLength), actorId);
        return frame;
    }

    /// <summary>The actor id of a <see cref="Forget"/> frame's body.</summary>
    public static int DecodeForget(ReadOnlySequence<byte> body)
    {
        if (body.Length != 4) throw new DataLinkException($"a forget of {body.Length} bytes");
        Span<byte> id = stackalloc byte[4];
        body.CopyTo(id);
        return BinaryPrimitives.ReadInt32BigEndian(id);
    }

    /// <summary>
    /// Cuts the next whole frame off <paramref name="buffer"/>: false when it is not all there yet. A length of zero or
    /// beyond <paramref name="maxFrameLength"/> is a <see cref="DataLinkException"/>.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, long maxFrameLength, out byte kind, out ReadOnlySequence<byte> body)
    {
        kind = 0;
        body = default;
        if (buffer.Length < HeaderLength) return false;
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < 1 || length > maxFrameLength) throw new DataLinkException($"a frame of {length} bytes (at most {maxFrameLength})");
        if (buffer.Length < 4 + length) return false;
        kind = header[4];
        body = buffer.Slice(HeaderLength, length - 1);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>The actor id, the sender's path (null: none) and the message of a <see cref="Message"/> frame's body.</summary>
    public static (int ActorId, string? SenderPath, object Message) DecodeMessage(Akka.Serialization.Serialization serialization, ReadOnlySequence<byte> body)
    {
        if (body.Length < 12) throw new DataLinkException($"a message frame of {body.Length} bytes");
        Span<byte> head = stackalloc byte[10];
        body.Slice(0, 10).CopyTo(head);
        var actorId = BinaryPrimitives.ReadInt32BigEndian(head);
        var serializerId = BinaryPrimitives.ReadInt32BigEndian(head[4..]);
        var manifestLength = BinaryPrimitives.ReadUInt16BigEndian(head[8..]);
        if (body.Length < 12 + manifestLength) throw new DataLinkException("a message frame shorter than its manifest");
        var manifest = Encoding.UTF8.GetString(body.Slice(10, manifestLength));
        Span<byte> senderHead = stackalloc byte[2];
        body.Slice(10 + manifestLength, 2).CopyTo(senderHead);
        var senderLength = BinaryPrimitives.ReadUInt16BigEndian(senderHead);
        if (body.Length < 12 + manifestLength + senderLength) throw new DataLinkException("a message frame shorter than its sender");
        var sender = senderLength == 0 ? null : Encoding.UTF8.GetString(body.Slice(12 + manifestLength, senderLength));
        var payload = body.Slice(12 + manifestLength + senderLength);
        try
        {
            // Actors' own serializers read the frame's bytes where they are; others get a copy.
            var message = serializerId == ActorsSerializer.Id && serialization.FindSerializerForType(typeof(IActorsWireMessage)) is IFramedSerializer framed
                ? framed.FromBinary(payload, manifest)
                : serialization.Deserialize(payload.ToArray(), serializerId, manifest);
            return (actorId, sender, message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DataLinkException($"a message of serializer {serializerId}, manifest '{manifest}' that does not read: {ex.GetBaseException().Message}");
        }
    }

    /// <summary>
    /// Writes the frames of <paramref name="outbox"/> to <paramref name="stream"/> as they come, flushing whenever none
    /// is waiting, until the outbox completes; a failed write or <paramref name="cancellationToken"/> ends it with an exception.
    /// </summary>
    public static async Task WriteFramesAsync(System.Threading.Channels.ChannelReader<byte[]> outbox, Stream stream, CancellationToken cancellationToken)
    {
        while (await outbox.WaitToReadAsync(cancellationToken))
        {
            while (outbox.TryRead(out var frame)) await stream.WriteAsync(frame, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The token of a <see cref="Hello"/> frame's body.</summary>
    public static byte[] DecodeHello(ReadOnlySequence<byte> body) =>
        body.Length == TokenLength ? body.ToArray() : throw new DataLinkException($"a hello of {body.Length} bytes (a token has {TokenLength})");

    private static void WriteHeader(byte[] frame, byte kind)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(frame.Length - 4));
        frame[4] = kind;
    }
}

/// <summary>A breach of the data link's framing: the link closes, saying this.</summary>
public sealed class DataLinkException(string message) : Exception(message);
