namespace Actors.Hocon;

/// <summary>
/// A value in a parsed HOCON tree. Every node knows where it was written, so code that reads configuration
/// can report a bad value at its file and line (<see cref="Error"/>).
/// </summary>
public abstract class HoconNode
{
    // Only this assembly builds trees; users read them.
    private protected HoconNode(HoconPosition position) => Position = position;

    public HoconPosition Position { get; }

    public int Line => Position.Line;

    public int Column => Position.Column;

    /// <summary>Builds an exception positioned at this node, e.g. <c>node.Error("unknown stage 'x'")</c>.</summary>
    public HoconException Error(string problem) => new(Position, problem);

    /// <summary>A short name for the node's kind in messages: "a string", "an object", ...</summary>
    public abstract string KindName { get; }
}

internal enum HoconScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A string, number, boolean or null. <see cref="Text"/> is the value as written (unescaped if quoted).</summary>
internal sealed class HoconScalar(HoconPosition position, string text, HoconScalarKind kind, bool quoted) : HoconNode(position)
{
    public string Text { get; } = text;

    public HoconScalarKind Kind { get; } = kind;

    public bool Quoted { get; } = quoted;

    public override string KindName => Kind switch
    {
        HoconScalarKind.Number => "a number",
        HoconScalarKind.Boolean => "a boolean",
        HoconScalarKind.Null => "null",
        _ => "a string",
    };

    public override string ToString() => Text;
}

/// <summary>An array; its items keep their own positions.</summary>
public sealed class HoconArray : HoconNode
{
    internal HoconArray(HoconPosition position, IReadOnlyList<HoconNode> items) : base(position) => Items = items;

    public IReadOnlyList<HoconNode> Items { get; }

    public override string KindName => "an array";
}

/// <summary><c>${path}</c> or <c>${?path}</c>, resolved against the document root, then environment variables.</summary>
internal sealed class HoconSubstitution(HoconPosition position, string path, bool optional) : HoconNode(position)
{
    public string Path { get; } = path;

    public bool Optional { get; } = optional;

    /// <summary>
    /// For an optional substitution written over an earlier value of the same key (<c>path = "a", path = ${?P}</c>):
    /// that earlier value, which stays when the substitution is undefined, as HOCON says.
    /// </summary>
    public HoconNode? Fallback { get; init; }

    /// <summary>For a substitution in an included file: the path where that file is merged, looked up first.</summary>
    public IReadOnlyList<string> Mount { get; init; } = [];

    public override string KindName => "a substitution";

    public override string ToString() => $"${{{(Optional ? "?" : "")}{Path}}}";

    /// <summary>As an error line quotes it: a long path is cut, control characters escaped.</summary>
    public string Describe() => $"${{{(Optional ? "?" : "")}{HoconText.Quote(Path)}}}";
}

/// <summary>
/// Values written side by side that can only be joined once substitutions are resolved
/// (<c>${a} { b = 1 }</c>, <c>${dir}"/file"</c>). <see cref="Spaces"/>[i] is the whitespace before part i.
/// </summary>
internal sealed class HoconConcatenation(HoconPosition position, IReadOnlyList<HoconNode> parts, IReadOnlyList<string> spaces)
    : HoconNode(position)
{
    public IReadOnlyList<HoconNode> Parts { get; } = parts;

    public IReadOnlyList<string> Spaces { get; } = spaces;

    public override string KindName => "a concatenation";
}
