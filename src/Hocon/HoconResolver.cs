using System.Text;

namespace Actors.Hocon;

/// <summary>
/// Resolves substitutions on demand: <c>${a.b}</c> looks in the document, then in the environment;
/// <c>${?X}</c> may be missing (the field then does not exist). A cycle, a chain of substitutions longer than
/// <see cref="HoconLimits.MaxSubstitutionChain"/> and a missing required value are errors at the substitution's
/// position. The chain bound keeps the recursion off the end of the stack.
/// </summary>
internal sealed class HoconResolver(HoconObject root)
{
    // The substitutions being resolved right now: meeting one again is a cycle (resolution is deterministic).
    private readonly HashSet<HoconSubstitution> _active = new(ReferenceEqualityComparer.Instance);

    /// <summary>The node with substitutions at its top replaced; null when an optional substitution is missing.</summary>
    public HoconNode? Resolve(HoconNode node) => Resolve(node, 0);

    /// <summary>The resolved node at a path, or null if there is none.</summary>
    public HoconNode? Lookup(IReadOnlyList<string> path) => Lookup(path, 0);

    /// <summary><paramref name="depth"/> counts the substitutions and concatenations that led here.</summary>
    private HoconNode? Resolve(HoconNode node, int depth)
    {
        if (node is not (HoconSubstitution or HoconConcatenation)) return node;
        if (depth >= HoconLimits.MaxSubstitutionChain)
            throw new HoconSyntaxException(node.Position,
                $"a chain of more than {HoconLimits.MaxSubstitutionChain} substitutions before a value (a = ${{b}}, b = ${{c}}, ...); shorten the chain");
        return node switch
        {
            HoconSubstitution s => ResolveSubstitution(s, depth),
            _ => ResolveConcatenation((HoconConcatenation)node, depth),
        };
    }

    private HoconNode? ResolveSubstitution(HoconSubstitution substitution, int depth)
    {
        if (!_active.Add(substitution))
            throw new HoconException(substitution.Position, $"substitution cycle: {substitution.Describe()} refers back to itself");
        try
        {
            return ResolveFound(substitution, depth);
        }
        finally
        {
            _active.Remove(substitution);
        }
    }

    private HoconNode? ResolveFound(HoconSubstitution substitution, int depth)
    {
        var path = HoconPath.Split(substitution.Path);
        // In an included file: where the file is mounted first, then from the root (HOCON's rule).
        if (substitution.Mount.Count > 0 && Lookup([.. substitution.Mount, .. path], depth + 1) is { } mounted) return mounted;
        if (Lookup(path, depth + 1) is { } found) return found;
        if (Environment.GetEnvironmentVariable(substitution.Path) is { } env)
            return new HoconScalar(substitution.Position, env, HoconScalarKind.String, quoted: true);
        if (substitution.Optional) return substitution.Fallback is { } fallback ? Resolve(fallback, depth + 1) : null;
        throw new HoconException(substitution.Position,
            $"unresolved substitution {substitution.Describe()}: no such key in this file and no such environment variable");
    }

    private HoconNode? ResolveConcatenation(HoconConcatenation concatenation, int depth)
    {
        var parts = new List<HoconNode>();
        var spaces = new List<string>();
        for (var i = 0; i < concatenation.Parts.Count; i++)
        {
            if (Resolve(concatenation.Parts[i], depth + 1) is not { } part) continue;
            parts.Add(part);
            spaces.Add(parts.Count == 1 ? "" : concatenation.Spaces[i]);
        }

        return parts.Count == 0 ? null : Join(parts, spaces);
    }

    private HoconNode? Lookup(IReadOnlyList<string> path, int depth)
    {
        HoconNode current = root;
        foreach (var segment in path)
        {
            if (current is not HoconObject obj || obj.TryGetField(segment) is not { } field) return null;
            if (Resolve(field.Value, depth) is not { } next) return null;
            current = next;
        }

        return current;
    }

    /// <summary>Joins resolved parts: strings with their spaces, objects merged, arrays end to end.</summary>
    internal static HoconNode Join(IReadOnlyList<HoconNode> parts, IReadOnlyList<string> spaces)
    {
        if (parts.Count == 1) return parts[0];
        var first = parts[0];
        var odd = parts.FirstOrDefault(p => p.GetType() != first.GetType());
        if (odd is not null)
            throw new HoconSyntaxException(odd.Position, $"cannot join {odd.KindName} to {first.KindName} in one value");

        switch (first)
        {
            case HoconObject obj:
                var merged = obj.Copy();
                foreach (var next in parts.Skip(1)) merged.MergeFrom(((HoconObject)next).Copy());
                return merged;
            case HoconArray array:
                return new HoconArray(array.Position, parts.SelectMany(p => ((HoconArray)p).Items).ToList());
            default:
                var text = new StringBuilder();
                for (var i = 0; i < parts.Count; i++) text.Append(i == 0 ? "" : spaces[i]).Append(((HoconScalar)parts[i]).Text);
                return new HoconScalar(first.Position, text.ToString(), HoconScalarKind.String, quoted: false);
        }
    }
}
