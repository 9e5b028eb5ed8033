using System.Globalization;
using Actors.Nodes.Observe;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Actors.Nodes.Cli;

/// <summary>
/// The one screen of <c>actors status</c> and each frame of <c>actors top</c>: members (status, reachability,
/// roles), topics (partitions, hosting nodes, offsets, messages/s with a sparkline of recent rates when there is a
/// history), groups (committed, end, lag with a bar) and pipelines (state, node, elements, elements/s, restarts).
/// </summary>
internal static class StatusView
{
    private const string Blocks = "▁▂▃▄▅▆▇█";
    private const int BarWidth = 20;

    public static IRenderable Render(Overview overview, IReadOnlyDictionary<string, IReadOnlyList<double>>? rates = null, string? footer = null)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]Actors[/] · node [bold]{Markup.Escape(ClusterTable.HostPort(overview.Node))}[/] · {overview.Time.ToLocalTime():HH:mm:ss}"),
            Section("Members", Members(overview)),
            Section("Topics", Topics(overview, rates)),
            Section("Groups", Groups(overview)),
            Section("Pipelines", Pipelines(overview)),
        };
        foreach (var error in overview.Errors ?? []) parts.Add(new Text($"! {error}", new Style(Color.Yellow)));
        if (footer is not null) parts.Add(new Text(footer, new Style(decoration: Decoration.Dim)));
        return new Rows(parts);
    }

    /// <summary>A console that writes to stdout; when stdout is not a terminal, plain text (no colors, no cursor control), 160 columns wide.</summary>
    public static IAnsiConsole CreateConsole()
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected) console.Profile.Width = 160;
        return console;
    }

    /// <summary>▁▂▃▅▇ for the values, scaled to the largest (all ▁ when nothing moved).</summary>
    public static string Sparkline(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return "";
        var max = values.Max();
        return string.Concat(values.Select(v => max <= 0 ? Blocks[0] : Blocks[(int)Math.Round(v / max * (Blocks.Length - 1))]));
    }

    /// <summary>A bar of <see cref="BarWidth"/> cells, filled in proportion of <paramref name="value"/> to <paramref name="max"/>.</summary>
    public static string Bar(long value, long max)
    {
        var filled = max <= 0 || value <= 0 ? 0 : Math.Max(1, (int)Math.Round((double)value / max * BarWidth));
        return new string('█', filled) + new string('·', BarWidth - filled);
    }

    private static IRenderable Section(string title, IRenderable body) =>
        new Rows(new Text(""), new Text(title, new Style(decoration: Decoration.Bold)), body);

    private static IRenderable Members(Overview overview)
    {
        if (overview.Members.Count == 0) return new Text("  (no members: the node has not joined a cluster yet)");
        var table = NewTable("NODE", "STATUS", "REACHABILITY", "ROLES", "");
        foreach (var m in overview.Members)
        {
            var removed = m.Status == "Removed";
            var status = new Text(m.Status, new Style(removed ? Color.Grey : m.Status == "Up" ? Color.Green : Color.Yellow));
            var reach = removed ? new Text("-", new Style(Color.Grey)) : m.Reachable ? new Text("reachable", new Style(Color.Green)) : new Text("UNREACHABLE", new Style(Color.Red, decoration: Decoration.Bold));
            var marks = string.Join(" ", new[] { m.Leader ? "leader" : null, m.Self ? "answered" : null }.OfType<string>());
            table.AddRow(new Text(ClusterTable.HostPort(m.Address)), status, reach, new Text(m.Roles.Count == 0 ? "-" : string.Join(",", m.Roles)), new Text(marks));
        }

        return table;
    }

    private static IRenderable Topics(Overview overview, IReadOnlyDictionary<string, IReadOnlyList<double>>? rates)
    {
        if (overview.Topics.Count == 0) return new Text("  (no topics yet: `actors publish TOPIC` creates one)");
        var table = NewTable("TOPIC", "PARTITIONS", "NODES", "START", "END", "MSG/S", "RATE");
        foreach (var t in overview.Topics)
        {
            var nodes = t.Partitions.Select(p => p.Node).Where(n => n.Length > 0).Distinct().Select(ClusterTable.HostPort).Order(StringComparer.Ordinal).ToList();
            var history = rates?.GetValueOrDefault(t.Name) ?? [];
            table.AddRow(new Text(t.Name), new Text(N(t.Partitions.Count)), new Text(nodes.Count == 0 ? "-" : string.Join(",", nodes)),
                new Text(N(t.Partitions.Sum(p => p.StartOffset))), new Text(N(t.Partitions.Sum(p => p.EndOffset))),
                new Text(t.MessagesPerSecond.ToString("N1", CultureInfo.InvariantCulture)), new Text(Sparkline(history), new Style(Color.Aqua)));
        }

        return table;
    }

    private static IRenderable Groups(Overview overview)
    {
        if (overview.Groups.Count == 0) return new Text("  (no consumer groups yet: `actors consume TOPIC --group NAME` starts one)");
        var table = NewTable("GROUP", "TOPIC", "PARTITIONS", "COMMITTED", "END", "LAG", "");
        var max = Math.Max(1, overview.Groups.Max(g => g.Partitions.Sum(p => p.EndOffset)));
        foreach (var g in overview.Groups)
        {
            var end = g.Partitions.Sum(p => p.EndOffset);
            table.AddRow(new Text(g.Group), new Text(g.Topic), new Text(N(g.Partitions.Count)), new Text(N(g.Partitions.Sum(p => p.Committed))),
                new Text(N(end)), new Text(N(g.Lag), new Style(g.Lag == 0 ? Color.Green : Color.Yellow)),
                new Text(Bar(g.Lag, end == 0 ? max : end), new Style(g.Lag == 0 ? Color.Green : Color.Yellow)));
        }

        return table;
    }

    private static IRenderable Pipelines(Overview overview)
    {
        if (overview.Pipelines.Count == 0) return new Text("  (no pipelines: `actors run FILE --node HOST:PORT` submits one)");
        var table = NewTable("PIPELINE", "STATE", "NODE", "IN", "OUT", "ELEMENTS/S", "RESTARTS");
        foreach (var p in overview.Pipelines)
            table.AddRow(new Text(p.Name), new Text(p.State, new Style(p.State.Equals("running", StringComparison.OrdinalIgnoreCase) ? Color.Green : Color.Yellow)),
                new Text(p.Node.Length == 0 ? "-" : ClusterTable.HostPort(p.Node)), new Text(N(p.ElementsIn)), new Text(N(p.ElementsOut)),
                new Text(p.ElementsPerSecond.ToString("N1", CultureInfo.InvariantCulture)), new Text(N(p.Restarts)));
        return table;
    }

    private static Table NewTable(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple).BorderColor(Color.Grey);
        foreach (var column in columns) table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))).NoWrap());
        return table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
