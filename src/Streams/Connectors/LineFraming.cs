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
    public static Flow<ByteString, string, NotUsed> Decode(LineFraming framing, int maxLineBytes = DefaultMaxLineBytes) => framing switch
    {
        LineFraming.Newline => Framing.Delimiter(ByteString.FromString("\n"), maxLineBytes, allowTruncation: true)
            .Select(bytes => bytes.ToString(System.Text.Encoding.UTF8).TrimEnd('\r')),
        _ => Framing.SimpleFramingProtocolDecoder(maxLineBytes).Select(bytes => bytes.ToString(System.Text.Encoding.UTF8)),
    };

    /// <summary>UTF-8 lines to bytes.</summary>
    public static Flow<string, ByteString, NotUsed> Encode(LineFraming framing, int maxLineBytes = DefaultMaxLineBytes) => framing switch
    {
        LineFraming.Newline => Flow.Create<string>().Select(line => ByteString.FromString(line + "\n", System.Text.Encoding.UTF8)),
        _ => Flow.Create<string>().Select(line => ByteString.FromString(line, System.Text.Encoding.UTF8))
            .Via(Framing.SimpleFramingProtocolEncoder(maxLineBytes)),
    };
}
