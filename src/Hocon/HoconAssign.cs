namespace Actors.Hocon;

/// <summary>
/// Stores a parsed field in its object the HOCON way: dotted keys create nested objects, a repeated
/// object key merges, <c>+=</c> appends, and <c>a = ${a} ...</c> refers to the earlier value of <c>a</c>.
/// </summary>
internal static class HoconAssign
{
    public static void Assign(HoconObject target, IReadOnlyList<string> key, HoconPosition keyPosition, HoconNode value,
        bool append, IReadOnlyList<string> fullPath)
    {
        var obj = target;
        foreach (var segment in key.Take(key.Count - 1))
        {
            if (obj.TryGetField(segment)?.Value is HoconObject child)
            {
                obj = child;
                continue;
            }

            var created = new HoconObject(keyPosition);
            obj.Set(new HoconField(segment, keyPosition, created));
            obj = created;
        }

        var name = key[^1];
        var previous = obj.TryGetField(name)?.Value;
        value = append ? Append(previous, value) : ReplaceSelfReference(value, previous, fullPath);
        if (previous is HoconObject previousObject && value is HoconObject newObject)
        {
            previousObject.MergeFrom(newObject);
            return;
        }

        // An object written over a value that is not known yet (a substitution) merges with it once resolved.
        if (previous is HoconSubstitution or HoconConcatenation && value is HoconObject)
            value = Concatenate(previous, value);
        // An undefined ${?x} leaves the earlier value in place.
        if (previous is not null && value is HoconSubstitution { Optional: true, Fallback: null } optional)
            value = new HoconSubstitution(optional.Position, optional.Path, optional: true) { Fallback = previous, Mount = optional.Mount };
        obj.Set(new HoconField(name, keyPosition, value));
    }

    private static HoconNode Append(HoconNode? previous, HoconNode value)
    {
        var item = new HoconArray(value.Position, [value]);
        return previous switch
        {
            null => item,
            HoconArray array => new HoconArray(array.Position, [.. array.Items, value]),
            HoconSubstitution or HoconConcatenation => Concatenate(previous, item),
            _ => throw new HoconSyntaxException(value.Position, $"'+=' appends to an array, but the earlier value is {previous.KindName}"),
        };
    }

    /// <summary>
    /// <paramref name="previous"/> then <paramref name="next"/>, not yet resolved. An earlier concatenation is
    /// extended rather than nested, so ten thousand <c>a += x</c> after <c>a = ${b}</c> stay one flat list instead
    /// of a chain the resolver would have to descend ten thousand deep.
    /// </summary>
    private static HoconConcatenation Concatenate(HoconNode previous, HoconNode next) => previous is HoconConcatenation earlier
        ? new HoconConcatenation(earlier.Position, [.. earlier.Parts, next], [.. earlier.Spaces, ""])
        : new HoconConcatenation(previous.Position, [previous, next], ["", ""]);

    private static HoconNode ReplaceSelfReference(HoconNode value, HoconNode? previous, IReadOnlyList<string> fullPath)
    {
        if (value is HoconSubstitution single && IsSelf(single, fullPath))
            return previous ?? value;
        if (value is not HoconConcatenation concatenation || !concatenation.Parts.Any(p => p is HoconSubstitution s && IsSelf(s, fullPath)))
            return value;

        var parts = new List<HoconNode>();
        var spaces = new List<string>();
        for (var i = 0; i < concatenation.Parts.Count; i++)
        {
            var part = concatenation.Parts[i];
            if (part is HoconSubstitution s && IsSelf(s, fullPath))
            {
                // ${?a} with no earlier a drops out; ${a} with none stays and fails at resolution.
                if (previous is null && s.Optional) continue;
                if (previous is HoconConcatenation earlier)
                {
                    // Spliced in, not nested: a = ${a} x, a thousand times over, stays one flat concatenation.
                    for (var j = 0; j < earlier.Parts.Count; j++)
                    {
                        parts.Add(earlier.Parts[j]);
                        spaces.Add(parts.Count == 1 ? "" : j == 0 ? concatenation.Spaces[i] : earlier.Spaces[j]);
                    }

                    continue;
                }

                part = previous ?? part;
            }

            parts.Add(part);
            spaces.Add(parts.Count == 1 ? "" : concatenation.Spaces[i]);
        }

        if (parts.Count == 1) return parts[0];
        return parts.Any(p => p is HoconSubstitution or HoconConcatenation)
            ? new HoconConcatenation(value.Position, parts, spaces)
            : HoconResolver.Join(parts, spaces);
    }

    private static bool IsSelf(HoconSubstitution substitution, IReadOnlyList<string> fullPath) =>
        fullPath.Count > 0 && HoconPath.Split(substitution.Path).SequenceEqual(fullPath, StringComparer.Ordinal);
}
