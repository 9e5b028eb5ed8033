using Akka.IO;

namespace Actors.Streams.Connectors;

/// <summary>How text lines are cut out of a byte stream and put back into one.</summary>
public enum LineFraming
{
    /// <summary>Lines end with '\n' (a trailing '\r' is dropped); what any shell tool or netcat writes.</summary>
    Newline,

    /// <summary>Each line is preceded by its UTF-8 length as a 4-byte big-endian integer; lines may hold newlines.</summary>
    LengthPrefixed,
}

/// <summary>Framing flows shared by the file and TCP connectors.</summary>
public static class Framings
{
    /// <summary>The longest line a connector accepts by default; a longer one fails the stream (no unbounded buffer).</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    /// <summary>Bytes to UTF-8 lines. A last line without its newline is still emitted.</summary>
    public static Flow<ByteString, string, NotUsed> Decode(LineFraming framing, int maxLineBytes = DefaultMaxLineBytes) =>
        Frames(framing, maxLineBytes).Select(Decoder(framing));

    /// <summary>
    /// Bytes to the bytes of each line (without its framing); <see cref="Decoder"/> makes one text. Apart, so a
    /// caller can fuse the decoding into a map of its own (one operator instead of two).
    /// </summary>
    public static Flow<ByteString, ByteString, NotUsed> Frames(LineFraming framing, int maxLineBytes = DefaultMaxLineBytes) => framing switch
    {
        LineFraming.Newline => Framing.Delimiter(ByteString.FromString("\n"), maxLineBytes, allowTruncation: true),
        _ => Framing.SimpleFramingProtocolDecoder(maxLineBytes),
    };

    /// <summary>The text of one frame of <see cref="Frames"/>.</summary>
    public static Func<ByteString, string> Decoder(LineFraming framing) => framing switch
    {
        LineFraming.Newline => bytes => bytes.ToString(System.Text.Encoding.UTF8).TrimEnd('\r'),
        _ => bytes => bytes.ToString(System.Text.Encoding.UTF8),
    };

    /// <summary>One line as the bytes of a newline-framed stream.</summary>
    public static ByteString NewlineFrame(string line) => ByteString.FromString(line + "\n", System.Text.Encoding.UTF8);

    /// <summary>UTF-8 lines to bytes.</summary>
    public static Flow<string, ByteString, NotUsed> Encode(LineFraming framing, int maxLineBytes = DefaultMaxLineBytes) => framing switch
    {
        LineFraming.Newline => Flow.Create<string>().Select(NewlineFrame),
        _ => Flow.Create<string>().Select(line => ByteString.FromString(line, System.Text.Encoding.UTF8))
            .Via(Framing.SimpleFramingProtocolEncoder(maxLineBytes)),
    };
}
