using Akka.Streams.IO;

namespace Actors.Streams.Connectors;

/// <summary>
/// Text files as streams of lines, read and written in chunks: a file of any size passes through in
/// constant memory (one chunk and one line at a time), with backpressure from the consumer to the disk.
/// </summary>
public static class FileLines
{
    /// <summary>The lines of <paramref name="path"/>; the materialized task tells how many bytes were read.</summary>
    public static Source<string, Task<IOResult>> Source(string path, int chunkSize = 64 * 1024, int maxLineBytes = Framings.DefaultMaxLineBytes) =>
        FileIO.FromFile(new FileInfo(path), chunkSize).Via(Framings.Decode(LineFraming.Newline, maxLineBytes));

    /// <summary>Writes each element as one line of <paramref name="path"/> (created or truncated).</summary>
    public static Sink<string, Task<IOResult>> Sink(string path) =>
        Flow.Create<string>().Via(Framings.Encode(LineFraming.Newline)).ToMaterialized(FileIO.ToFile(new FileInfo(path)), Keep.Right);

    /// <summary>Appends each element as one line to <paramref name="path"/>.</summary>
    public static Sink<string, Task<IOResult>> AppendSink(string path) =>
        Flow.Create<string>().Via(Framings.Encode(LineFraming.Newline))
            .ToMaterialized(FileIO.ToFile(new FileInfo(path), fileMode: FileMode.Append), Keep.Right);
}
