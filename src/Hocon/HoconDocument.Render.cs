using System.Globalization;
using System.Text;

namespace Actors.Hocon;

/// <summary>
/// The document as one self-contained text: substitutions resolved and includes merged in, written as JSON (which
/// is HOCON). For a reader that cannot follow this document's includes: Akka's own parser, or a node that is sent a
/// pipeline whose files stayed on the submitting machine.
/// </summary>
public sealed partial class HoconDocument
{
    /// <summary>The resolved document as JSON; call after <see cref="ResolveAll"/>, which bounds its depth.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        Write(Root, text);
        return text.ToString();
    }

    private void Write(HoconNode node, StringBuilder text)
    {
        switch (Resolve(node))
        {
            case HoconObject obj:
                text.Append('{');
                var first = true;
                foreach (var field in obj.Fields)
                {
                    // An optional substitution that found nothing: the field does not exist.
                    if (Resolve(field.Value) is null) continue;
                    if (!first) text.Append(", ");
                    first = false;
                    WriteString(field.Key, text);
                    text.Append(": ");
                    Write(field.Value, text);
                }

                text.Append('}');
                break;
            case HoconArray array:
                text.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    Write(array.Items[i], text);
                }

                text.Append(']');
                break;
            case HoconScalar { Quoted: false, Kind: not HoconScalarKind.String } plain:
                text.Append(plain.Text);
                break;
            case HoconScalar scalar:
                WriteString(scalar.Text, text);
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') text.Append('\\').Append(c);
            else if (char.IsControl(c)) text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else text.Append(c);
        }

        text.Append('"');
    }
}
