using Actors.Nodes.Cli;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors publish</c>'s progress bar on a terminal (the process specs run with stderr redirected, where it
/// draws nothing): the first report draws, the next ones at most five times a second.
/// </summary>
public sealed class ProgressBarSpecs
{
    [Fact]
    public void Should_draw_the_first_report_and_then_at_most_five_times_a_second()
    {
        // arrange
        var terminal = new StringWriter();
        var bar = new ProgressBar(totalBytes: 100, terminal, interactive: true);

        // act
        bar.Report(bytes: 10, confirmed: 5, TimeSpan.FromMilliseconds(1));
        bar.Report(bytes: 20, confirmed: 9, TimeSpan.FromMilliseconds(100));
        bar.Report(bytes: 100, confirmed: 40, TimeSpan.FromMilliseconds(250));
        bar.Finish();

        // assert: two draws (the second report came too soon), each a carriage return and a bar, then a newline
        var draws = terminal.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, draws.Length);
        Assert.StartsWith("[###.........", draws[0]);
        Assert.StartsWith("[##############################] 100%", draws[1]);
        Assert.EndsWith("\n", terminal.ToString());
    }
}
