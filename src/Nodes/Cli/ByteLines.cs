using System.Buffers;

namespace Actors.Nodes.Cli;

/// <summary>
/// One line of input: its number (from 1), its bytes without the line break, and its whole length. A line longer than
/// the reader keeps is <see cref="Complete"/> false, with only its first bytes: it is too large to publish anyway.
/// </summary>
internal sealed record InputLine(long Number, byte[] Bytes, long Length, bool Complete);

/// <summary>
/// Reads <c>actors publish</c>'s input as lines of bytes, split at '\n' (a '\r' before it is dropped, as for text read
/// line by line), so a payload keeps its bytes as they are, UTF-8 or not, instead of having invalid sequences
/// replaced. Keeps at most <c>maxKept</c> bytes of a line, so a huge line only costs a count.
/// </summary>
internal sealed class ByteLines(Stream input, int maxKept)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start;
    private int _end;
    private bool _ended;
    private long _number;

    /// <summary>Bytes read so far, line breaks included.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Lines returned so far.</summary>
    public long LinesRead => _number;

    /// <summary>The next line is already read (a whole line is buffered, or the input has ended): <see cref="NextAsync"/> returns at once.</summary>
    public bool HasLineReady => _ended || _buffer.AsSpan(_start, _end - _start).Contains((byte)'\n');

    /// <summary>The next line, or null at the end of the input (a last line without a line break counts).</summary>
    public async ValueTask<InputLine?> NextAsync(CancellationToken cancellationToken)
    {
        _line.ResetWrittenCount();
        long length = 0;
        var any = false;
        var lastByte = (byte)0;
        while (true)
        {
            if (_start == _end)
            {
                // WaitAsync: a read of standard input (a pipe, a terminal) ignores the token once it waits for data, so
                // Ctrl-C on `publish` reading from a pipe that stays open never stopped it; the abandoned read is never used.
                var read = _ended ? 0 : await input.ReadAsync(_buffer, cancellationToken).AsTask().WaitAsync(cancellationToken);
                (_start, _end) = (0, read);
                if (read == 0)
                {
                    _ended = true;
                    return any ? Finish(length, lastByte) : null;
                }
            }

            any = true;
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var part = newline < 0 ? available : available[..newline];
            if (part.Length > 0)
            {
                var keep = (int)Math.Clamp(maxKept - length, 0, part.Length);
                _line.Write(part[..keep]);
                lastByte = part[^1];
                length += part.Length;
            }

            var consumed = part.Length + (newline < 0 ? 0 : 1);
            _start += consumed;
            BytesRead += consumed;
            if (newline >= 0) return Finish(length, lastByte);
        }
    }

    private InputLine Finish(long length, byte lastByte)
    {
        _number++;
        var complete = length <= maxKept;
        if (lastByte == (byte)'\r') length--;
        var kept = _line.WrittenSpan;
        if (complete && lastByte == (byte)'\r') kept = kept[..^1];
        return new InputLine(_number, kept.ToArray(), length, complete);
    }
}
