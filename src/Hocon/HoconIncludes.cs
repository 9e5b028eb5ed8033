namespace Actors.Hocon;

/// <summary>
/// Where the includes of one read come from, as HOCON defines them: a text read from a file includes other files
/// by a name relative to the including file's folder (<c>include "common.conf"</c>, <c>include file("...")</c>,
/// <c>include required(file("..."))</c>); a text not read from a file (a pipeline submitted to a node) has no
/// folder and includes nothing. It keeps the include chain, to refuse a cycle and a chain over
/// <see cref="HoconLimits.MaxIncludeChain"/>, and the list of every file read.
/// </summary>
internal sealed class HoconIncludes
{
    private readonly List<string> _files;

    private HoconIncludes(bool follow, IReadOnlyList<string> chain, List<string> files)
    {
        Follow = follow;
        Chain = chain;
        _files = files;
    }

    /// <summary>For text not read from a file: an include is an error.</summary>
    public static HoconIncludes None() => new(false, [], []);

    /// <summary>For the text of the file at <paramref name="path"/>: includes are read relative to its folder.</summary>
    public static HoconIncludes From(string path) => new(true, [Path.GetFullPath(path)], []);

    public bool Follow { get; }

    /// <summary>The full paths of the including files, the first file first.</summary>
    public IReadOnlyList<string> Chain { get; }

    /// <summary>Every file included in this read, as named relative to the first (in the order read).</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The same read, one file further down the chain.</summary>
    public HoconIncludes Into(string fullPath) => new(true, [.. Chain, fullPath], _files);

    public void Read(string origin) => _files.Add(origin);

    /// <summary>
    /// The file an include names, relative to <paramref name="includingOrigin"/>'s folder: the name as written,
    /// else with <c>.conf</c> or <c>.json</c> added when it has no extension (HOCON's rule, less .properties);
    /// null when none of them exists. The path keeps the form the user wrote, for error lines.
    /// </summary>
    public static string? Locate(string includingOrigin, string name, out IReadOnlyList<string> tried)
    {
        var folder = Path.GetDirectoryName(includingOrigin) ?? "";
        var path = Path.Combine(folder, name);
        var candidates = Path.HasExtension(name) ? [path] : new[] { path, path + ".conf", path + ".json" };
        tried = candidates;
        return candidates.FirstOrDefault(File.Exists);
    }
}
