namespace Actors.Hocon;

/// <summary>
/// <c>include</c>, as HOCON defines it for files: the included file's fields merge into the object that holds the
/// include, as if written there; a missing file is ignored unless the include is <c>required(...)</c>; a cycle, a
/// chain over <see cref="HoconLimits.MaxIncludeChain"/> files, <c>url(...)</c> and <c>classpath(...)</c> are errors
/// at the include. Before, every include was skipped silently and a file naming a missing required one was "valid".
/// </summary>
internal sealed partial class HoconParser
{
    // Stands for the quoted name while the shape of an include's argument is matched.
    private const string Name = "\u0001";

    private static bool IsIncludeArgument(HoconToken token) =>
        token.Kind == HoconTokenKind.Quoted ||
        (token.Kind == HoconTokenKind.Unquoted && token.Text.StartsWith("file(", StringComparison.Ordinal)) ||
        (token.Kind == HoconTokenKind.Unquoted && token.Text.StartsWith("url(", StringComparison.Ordinal)) ||
        (token.Kind == HoconTokenKind.Unquoted && token.Text.StartsWith("classpath(", StringComparison.Ordinal)) ||
        (token.Kind == HoconTokenKind.Unquoted && token.Text.StartsWith("required(", StringComparison.Ordinal));

    /// <summary>Reads the include at the current token and merges what it names into <paramref name="target"/>.</summary>
    private void Include(HoconObject target, IReadOnlyList<string> prefix, int depth)
    {
        var keyword = Next();
        var (name, required) = ReadIncludeArgument(keyword);
        if (!_includes.Follow)
            throw Error(keyword, "include is not possible here: this text was not read from a file, so there is no folder to include from");
        var found = HoconIncludes.Locate(_origin, name, out var tried);
        if (found is null)
        {
            // HOCON: a missing include is silently ignored, unless it is required(...).
            if (!required) return;
            throw Error(keyword, $"required include \"{HoconText.Quote(name)}\" not found (looked for {string.Join(", ", tried.Select(t => HoconText.Quote(t)))})");
        }

        var full = Path.GetFullPath(found);
        if (_includes.Chain.Contains(full, StringComparer.Ordinal))
            throw Error(keyword, $"include cycle: \"{HoconText.Quote(name)}\" is already being read ({Describe(_includes.Chain)} -> {Path.GetFileName(full)})");
        if (_includes.Chain.Count >= HoconLimits.MaxIncludeChain)
            throw Error(keyword, $"includes nested more than {HoconLimits.MaxIncludeChain} files deep ({Describe(_includes.Chain)} -> ...)");

        string text;
        try
        {
            text = HoconFiles.ReadText(found);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Error(keyword, $"cannot read the included file \"{HoconText.Quote(found)}\": {ex.Message}");
        }

        _includes.Read(found);
        var included = Parse(text, found, _includes.Into(full), [.. _mount, .. prefix], depth);
        foreach (var field in included.Fields)
            HoconAssign.Assign(target, [field.Key], field.KeyPosition, field.Value, append: false, [.. prefix, field.Key]);
    }

    /// <summary>
    /// The name and whether it is required, from the tokens after <c>include</c> on its line: <c>"name"</c>,
    /// <c>file("name")</c>, <c>required("name")</c>, <c>required(file("name"))</c>.
    /// </summary>
    private (string Name, bool Required) ReadIncludeArgument(HoconToken keyword)
    {
        var shape = "";
        string? name = null;
        while (Current.Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted)
        {
            var token = Next();
            if (token.Kind == HoconTokenKind.Unquoted) shape += token.Text;
            else if (name is null)
            {
                shape += Name;
                name = token.Text;
            }
            else throw Error(token, "an include names one file");
        }

        var required = shape.StartsWith("required(", StringComparison.Ordinal) && shape.EndsWith(')');
        var inner = required ? shape["required(".Length..^1] : shape;
        if (inner is "url(" + Name + ")" or "classpath(" + Name + ")")
            throw Error(keyword, $"include {inner[..inner.IndexOf('(', StringComparison.Ordinal)]}(...) is not supported: only files can be included (include file(\"name.conf\"))");
        if (name is null || inner is not (Name or "file(" + Name + ")"))
            throw Error(keyword, "malformed include: expected include \"name.conf\", include file(\"name.conf\") or include required(file(\"name.conf\"))");
        return (name, required);
    }

    private static string Describe(IReadOnlyList<string> chain) => string.Join(" -> ", chain.Select(Path.GetFileName));
}
