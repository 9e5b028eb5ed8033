namespace Actors.Hocon;

/// <summary>
/// A parsed HOCON file with positions on every key and value, and typed lookups whose errors name the file
/// and line (<c>pipelines.conf:12:5: 'parallelism' must be an integer, found "four"</c>). It validates and
/// explains configuration; Akka's <c>Config</c> stays the runtime representation.
/// </summary>
public sealed partial class HoconDocument
{
    private readonly HoconResolver _resolver;

    private HoconDocument(string origin, HoconObject root)
    {
        Origin = origin;
        Root = root;
        _resolver = new HoconResolver(root);
    }

    /// <summary>The file name (or other label) that every position and message carries.</summary>
    public string Origin { get; }

    public HoconObject Root { get; }

    /// <summary>Parses text; throws <see cref="HoconSyntaxException"/> at the first syntax error.</summary>
    public static HoconDocument Parse(string text, string origin) => new(origin, HoconParser.Parse(text, origin));

    /// <summary>Reads and parses a file; the path is the origin. I/O errors surface as the usual exceptions.</summary>
    public static HoconDocument Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>
    /// Resolves every substitution in the document, so a missing required one is reported now, at its line,
    /// rather than when some later lookup happens to touch it.
    /// </summary>
    public HoconDocument ResolveAll()
    {
        Visit(Root);
        return this;

        void Visit(HoconNode node)
        {
            switch (_resolver.Resolve(node))
            {
                case HoconObject obj:
                    foreach (var field in obj.Fields) Visit(field.Value);
                    break;
                case HoconArray array:
                    foreach (var item in array.Items) Visit(item);
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
