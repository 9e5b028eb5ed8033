namespace Actors.Hocon;

/// <summary>
/// A parsed HOCON file with positions on every key and value, and typed lookups whose errors name the file
/// and line (<c>pipelines.conf:12:5: 'parallelism' must be an integer, found "four"</c>). It validates and
/// explains configuration; Akka's <c>Config</c> stays the runtime representation.
/// </summary>
public sealed partial class HoconDocument
{
    private readonly HoconResolver _resolver;

    private HoconDocument(string origin, HoconObject root, IReadOnlyList<string> includes)
    {
        Origin = origin;
        Root = root;
        Includes = includes;
        _resolver = new HoconResolver(root);
    }

    /// <summary>The file name (or other label) that every position and message carries.</summary>
    public string Origin { get; }

    public HoconObject Root { get; }

    /// <summary>The files its includes read, as named relative to the current folder; empty for most documents.</summary>
    public IReadOnlyList<string> Includes { get; }

    /// <summary>
    /// Parses text that was not read from a file (an <c>include</c> in it is an error: there is no folder to
    /// include from); throws <see cref="HoconSyntaxException"/> at the first syntax error.
    /// </summary>
    public static HoconDocument Parse(string text, string origin)
    {
        var includes = HoconIncludes.None();
        return new HoconDocument(origin, HoconParser.Parse(text, origin, includes), includes.Files);
    }

    /// <summary>Parses <paramref name="text"/> read from the file at <paramref name="path"/>: includes are read relative to it.</summary>
    public static HoconDocument ParseFile(string text, string path)
    {
        var includes = HoconIncludes.From(path);
        return new HoconDocument(path, HoconParser.Parse(text, path, includes), includes.Files);
    }

    /// <summary>Reads and parses a file; the path is the origin. I/O errors surface as the usual exceptions.</summary>
    public static HoconDocument Load(string path) => ParseFile(ReadText(path), path);

    /// <summary>A file's text, refused with a <see cref="HoconSyntaxException"/> when over <see cref="HoconLimits.MaxLength"/> bytes.</summary>
    public static string ReadText(string path) => HoconFiles.ReadText(path);

    /// <summary>
    /// Resolves every substitution in the document, so a missing required one is reported now, at its line,
    /// rather than when some later lookup happens to touch it.
    /// </summary>
    public HoconDocument ResolveAll()
    {
        Visit(Root, 0);
        return this;

        // Substitutions can build a tree deeper than the text (l2 = { x = ${l1} }, l3 = { x = ${l2} }, ...): bounded too.
        void Visit(HoconNode node, int depth)
        {
            if (depth > HoconLimits.MaxDepth)
                throw new HoconSyntaxException(node.Position, $"nested deeper than {HoconLimits.MaxDepth} levels once substitutions are resolved; flatten the structure");
            switch (_resolver.Resolve(node))
            {
                case HoconObject obj:
                    foreach (var field in obj.Fields) Visit(field.Value, depth + 1);
                    break;
                case HoconArray array:
                    foreach (var item in array.Items) Visit(item, depth + 1);
                    break;
            }
        }
    }

    /// <summary>A node with its top-level substitutions resolved; null if an optional one is missing.</summary>
    public HoconNode? Resolve(HoconNode node) => _resolver.Resolve(node);

    /// <summary>The resolved value at a path such as <c>akka.cluster.roles</c>, or null.</summary>
    public HoconNode? TryGetNode(string path) => _resolver.Lookup(HoconPath.Split(path));

    public bool HasPath(string path) => TryGetNode(path) is not null;

    /// <summary>The field at a path, for the position of its key; null if absent.</summary>
    public HoconField? TryGetField(string path)
    {
        var segments = HoconPath.Split(path);
        var parent = segments.Count == 1 ? Root : _resolver.Lookup(segments.Take(segments.Count - 1).ToArray());
        return (parent as HoconObject)?.TryGetField(segments[^1]);
    }

    /// <summary>The resolved value at a path; a missing one is an error at the nearest enclosing object.</summary>
    public HoconNode GetNode(string path) => TryGetNode(path) ?? throw Missing(path);

    public HoconObject GetObject(string path) =>
        GetNode(path) as HoconObject ?? throw Expected(path, "an object");

    public HoconArray GetArray(string path) =>
        GetNode(path) as HoconArray ?? throw Expected(path, "an array");

    private HoconException Expected(string path, string kind)
    {
        var node = GetNode(path);
        return node.Error($"'{path}' must be {kind}, found {node.KindName}");
    }

    private HoconException Missing(string path)
    {
        var segments = HoconPath.Split(path);
        HoconNode closest = Root;
        for (var n = segments.Count - 1; n > 0; n--)
        {
            if (_resolver.Lookup(segments.Take(n).ToArray()) is not { } found) continue;
            closest = found;
            break;
        }

        var where = ReferenceEquals(closest, Root) ? "" : $" (in the object at line {closest.Line})";
        return new HoconException(closest.Position, $"missing key '{path}'{where}");
    }
}
