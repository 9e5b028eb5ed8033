using Akka.IO;
using Akka.Streams.IO;

namespace Actors.Streams.Connectors;

/// <summary>
/// Text files as streams of lines, read and written in chunks: a file of any size passes through in
/// constant memory (one chunk and one line at a time), with backpressure from the consumer to the disk.
/// </summary>
public static class FileLines
{
    /// <summary>
    /// Bytes read at a time: FileIO's own default. Measured (bench/Actors.Streams.Bench) 64 KiB chunks made the
    /// line framing about 7% slower: it cuts lines out of a larger buffer per chunk.
    /// </summary>
    public const int DefaultChunkSize = 8 * 1024;

    /// <summary>The lines of <paramref name="path"/>; the materialized task tells how many bytes were read.</summary>
    public static Source<string, Task<IOResult>> Source(string path, int chunkSize = DefaultChunkSize, int maxLineBytes = Framings.DefaultMaxLineBytes) =>
        Frames(path, chunkSize, maxLineBytes).Select(Framings.Decoder(LineFraming.Newline));

    /// <summary>The bytes of each line of <paramref name="path"/>, to decode with <see cref="Framings.Decoder"/> in a map of the caller's.</summary>
    public static Source<ByteString, Task<IOResult>> Frames(string path, int chunkSize = DefaultChunkSize, int maxLineBytes = Framings.DefaultMaxLineBytes) =>
        FileIO.FromFile(new FileInfo(path), chunkSize).Via(Framings.Frames(LineFraming.Newline, maxLineBytes));

    /// <summary>Writes each element as one line of <paramref name="path"/> (created or truncated).</summary>
    public static Sink<string, Task<IOResult>> Sink(string path) =>
        Flow.Create<string>().Via(Framings.Encode(LineFraming.Newline)).ToMaterialized(FileIO.ToFile(new FileInfo(path)), Keep.Right);

    /// <summary>Appends each element as one line to <paramref name="path"/>.</summary>
    public static Sink<string, Task<IOResult>> AppendSink(string path) =>
        Flow.Create<string>().Via(Framings.Encode(LineFraming.Newline))
            .ToMaterialized(FileIO.ToFile(new FileInfo(path), fileMode: FileMode.Append), Keep.Right);
}
