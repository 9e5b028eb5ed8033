using System.Globalization;
using Actors.Hocon;

namespace Actors.Streams.Pipelines;

/// <summary>
/// What a pipeline file may touch on the machine that checks or runs it (<c>actors.streams.pipelines.allowed-paths</c>
/// and <c>allowed-tcp-ports</c>): files only under the allowed directories, TCP listeners only on the allowed ports.
/// A node allows nothing unless its operator lists some (<c>--allow-path</c>, <c>--allow-tcp-port</c>); a local
/// <c>actors run FILE</c> allows its working directory and any port (<see cref="Local"/>). The registry checks a
/// submitted file against its node's sandbox, and every node checks again each time it builds the graph, before
/// any file is opened or port bound: a violation is a <see cref="HoconException"/> at the setting,
/// <c>FILE:LINE:COL: ...</c>.
/// </summary>
/// <remarks>
/// KEY PATTERN: a path is judged by where it leads, not how it is written: made absolute (relative to the
/// working directory), <c>..</c> collapsed, and every symbolic link along it followed (<see cref="Resolve"/>), so
/// neither <c>allowed/../../etc/passwd</c> nor a link in an allowed directory pointing out of it gets through; the
/// step then opens the resolved path, not the written one.
/// </remarks>
public sealed record PipelineSandbox(IReadOnlyList<string> AllowedPaths, IReadOnlyList<PortRange> AllowedTcpPorts)
{
    public const string PathsKey = "actors.streams.pipelines.allowed-paths";
    public const string PortsKey = "actors.streams.pipelines.allowed-tcp-ports";

    /// <summary>Every TCP port, 0 (any free one) included: what a local run allows.</summary>
    public static readonly PortRange AnyPort = new(0, 65535);

    /// <summary>Nothing allowed: a node's default.</summary>
    public static PipelineSandbox None { get; } = new([], []);

    private static readonly StringComparison PathComparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The sandbox of <paramref name="system"/>'s configuration.</summary>
    public static PipelineSandbox Create(ActorSystem system) => Create(system.Settings.Config);

    /// <summary>Reads both lists; an entry that is not a directory path or a port (range) is a <see cref="ConfigurationException"/>.</summary>
    public static PipelineSandbox Create(Config config)
    {
        var c = config.WithFallback(StreamsSettings.DefaultConfig());
        var paths = List(c, PathsKey, "directories like [\"/srv/pipelines\"]");
        var ports = List(c, PortsKey, "ports like [7070, \"9000-9100\"]");
        return new PipelineSandbox(
            paths.Select(p => string.IsNullOrWhiteSpace(p)
                ? throw new ConfigurationException($"{PathsKey}: an empty path; expected directories like [\"/srv/pipelines\"]")
                : Resolve(p)).ToList(),
            ports.Select(p => PortRange.TryParse(p, out var range)
                ? range
                : throw new ConfigurationException($"{PortsKey}: '{p}' is not a port or a range like 9000-9100 (0-65535)")).ToList());
    }

    private static IList<string> List(Config config, string key, string expected)
    {
        try
        {
            return config.GetStringList(key) ?? [];
        }
        catch (Exception ex) when (ex is not ConfigurationException)
        {
            throw new ConfigurationException($"{key}: expected a list of {expected} ({ex.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>A local run's: <paramref name="workingDirectory"/> and <paramref name="more"/> directories, any port.</summary>
    public static PipelineSandbox Local(string workingDirectory, IEnumerable<string>? more = null) =>
        new(new[] { workingDirectory }.Concat(more ?? []).Select(Resolve).Distinct().ToList(), [AnyPort]);

    /// <summary>This sandbox as HOCON, to layer over a system's configuration (the embedded node of a local run).</summary>
    public string ToHocon() =>
        $"{PathsKey} = [{string.Join(", ", AllowedPaths.Select(Quote))}]\n{PortsKey} = [{string.Join(", ", AllowedTcpPorts.Select(p => Quote(p.ToString())))}]\n";

    /// <summary>
    /// The file the <paramref name="key"/> setting of <paramref name="step"/> names, resolved, if it lies under an
    /// allowed directory; else a <see cref="HoconException"/> at the setting saying what it may not
    /// <paramref name="access"/> ("read", "write") and why.
    /// </summary>
    public string File(StepSettings step, string key, string what, string access)
    {
        var written = step.String(key);
        string resolved;
        try
        {
            resolved = Resolve(written);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            throw step.ValueError(key, $"{what} may not {access} '{HoconText.Quote(written)}': {ex.Message}");
        }

        if (AllowedPaths.Any(dir => IsUnder(resolved, dir))) return resolved;
        var shown = resolved == written ? $"'{HoconText.Quote(written)}'" : $"'{HoconText.Quote(written)}' ({HoconText.Quote(resolved)})";
        throw step.ValueError(key, AllowedPaths.Count == 0
            ? $"{what} may not {access} {shown}: pipelines may touch no file here ({PathsKey} is empty; a node takes --allow-path DIR)"
            : $"{what} may not {access} {shown}: it is outside {PathsKey} [{string.Join(", ", AllowedPaths)}]; expected a path under one of them");
    }

    /// <summary>The port the <paramref name="key"/> setting of <paramref name="step"/> names, if allowed; else a <see cref="HoconException"/> at the setting.</summary>
    public int Port(StepSettings step, string key, string what)
    {
        var port = step.Int(key);
        if (AllowedTcpPorts.Any(r => r.Contains(port))) return port;
        var shown = port == 0 ? "port 0 (any free port)" : $"port {port.ToString(CultureInfo.InvariantCulture)}";
        throw step.ValueError(key, AllowedTcpPorts.Count == 0
            ? $"{what} may not listen on {shown}: pipelines may open no TCP port here ({PortsKey} is empty; a node takes --allow-tcp-port PORT)"
            : $"{what} may not listen on {shown}: it is outside {PortsKey} [{string.Join(", ", AllowedTcpPorts)}]");
    }

    /// <summary>
    /// <paramref name="path"/> made absolute (from the working directory), with <c>..</c> collapsed and every
    /// symbolic link along it followed, as far as the path exists (a file about to be created keeps its name).
    /// </summary>
    public static string Resolve(string path)
    {
        // KEY PATTERN: '..' is taken as the kernel takes it, from where the path so far leads (a link's '..' is
        // its target's parent), so the resolved path is the file an open of the written one would reach.
        var full = Path.IsPathFullyQualified(path) ? path : Path.Join(Environment.CurrentDirectory, path);
        var current = Path.GetPathRoot(full) is { Length: > 0 } root ? root : throw new ArgumentException($"'{path}' has no root");
        var pending = new Stack<string>();
        Push(pending, full[current.Length..]);
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current; // the root's parent is the root
                continue;
            }

            var next = Path.Join(current, part);
            if (LinkTarget(next) is not { } target)
            {
                current = next;
                continue;
            }

            // The same bound as the kernel's ELOOP: a cycle of links is an error, not a hang.
            if (++links > 40) throw new IOException("too many levels of symbolic links");
            if (Path.IsPathFullyQualified(target)) current = Path.GetPathRoot(target)!;
            Push(pending, Path.IsPathFullyQualified(target) ? target[current.Length..] : target);
        }

        return current;
    }

    /// <summary>Pushes the parts of a relative path so that the first is popped first.</summary>
    private static void Push(Stack<string> pending, string relative)
    {
        var parts = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }

    /// <summary>Where a symbolic link points (a dangling one too: writing through it would create its target); null for anything else.</summary>
    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // what cannot be looked at cannot be opened either
        }
    }

    private static bool IsUnder(string path, string directory)
    {
        if (string.Equals(path, directory, PathComparison)) return true;
        var prefix = Path.EndsInDirectorySeparator(directory) ? directory : directory + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A range of TCP ports, both ends included: <c>9000-9100</c>, or one port <c>7070</c>.</summary>
public readonly record struct PortRange(int From, int To)
{
    public bool Contains(int port) => port >= From && port <= To;

    public override string ToString() => From == To
        ? From.ToString(CultureInfo.InvariantCulture)
        : $"{From.ToString(CultureInfo.InvariantCulture)}-{To.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <c>7070</c> or <c>9000-9100</c> (0-65535, from at most to).</summary>
    public static bool TryParse(string? text, out PortRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is not (1 or 2)) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)) return false;
        var to = from;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out to)) return false;
        if (from is < 0 or > 65535 || to is < 0 or > 65535 || to < from) return false;
        range = new PortRange(from, to);
        return true;
    }
}
