using System.Globalization;

namespace Actors.Nodes.Cli;

/// <summary>A one-line progress bar on stderr, redrawn at most five times a second.</summary>
internal sealed class ProgressBar(long? totalBytes, TextWriter output)
{
    private const int Width = 30;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private bool _drawn;

    public void Report(long bytes, long confirmed, TimeSpan elapsed)
    {
        if (!_interactive || elapsed - _lastDraw < TimeSpan.FromMilliseconds(200)) return;
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
