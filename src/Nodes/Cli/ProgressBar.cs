using System.Globalization;

namespace Actors.Nodes.Cli;

/// <summary>
/// A one-line progress bar, redrawn at most five times a second; only on a terminal (<c>interactive</c>),
/// never into a file or pipe.
/// </summary>
internal sealed class ProgressBar(long? totalBytes, TextWriter output, bool interactive)
{
    private const int Width = 30;
    private TimeSpan? _lastDraw;
    private bool _drawn;

    /// <summary>A bar on stderr when stderr is a terminal.</summary>
    public static ProgressBar OnStandardError(long? totalBytes) => new(totalBytes, Console.Error, !Console.IsErrorRedirected);

    public void Report(long bytes, long confirmed, TimeSpan elapsed)
    {
        // The first report always draws (there was a TimeSpan.MinValue here, and `elapsed - MinValue` overflowed).
        if (!interactive || (_lastDraw is { } last && elapsed - last < TimeSpan.FromMilliseconds(200))) return;
        _lastDraw = elapsed;
        var rate = elapsed.TotalSeconds > 0 ? confirmed / elapsed.TotalSeconds : 0;
        var text = totalBytes is > 0 and var total
            ? Bar(Math.Min(1.0, (double)bytes / total)) + string.Create(CultureInfo.InvariantCulture, $" {confirmed,12:N0} confirmed {rate,10:N0} msg/s")
            : string.Create(CultureInfo.InvariantCulture, $"{confirmed,12:N0} confirmed {rate,10:N0} msg/s");
        output.Write("\r" + text);
        _drawn = true;
    }

    public void Finish()
    {
        if (_drawn) output.WriteLine();
    }

    private static string Bar(double fraction)
    {
        var filled = (int)Math.Round(fraction * Width);
        return string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:0}%");
    }
}
