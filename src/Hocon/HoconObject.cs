namespace Actors.Hocon;

/// <summary>One key of an object: its name, where the key was written, and its value.</summary>
public sealed record HoconField(string Key, HoconPosition KeyPosition, HoconNode Value);

/// <summary>
/// An object: fields in the order they were first written. Duplicate keys merge as HOCON says: two
/// objects merge field by field, anything else is replaced by the later value.
/// </summary>
public sealed class HoconObject : HoconNode
{
    private readonly List<HoconField> _fields = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    internal HoconObject(HoconPosition position) : base(position)
    {
    }

    public IReadOnlyList<HoconField> Fields => _fields;

    public IEnumerable<string> Keys => _fields.Select(f => f.Key);

    public override string KindName => "an object";

    public HoconField? TryGetField(string key) => _index.TryGetValue(key, out var i) ? _fields[i] : null;

    /// <summary>Sets a field, replacing any earlier value but keeping the key's place in the order.</summary>
    internal void Set(HoconField field)
    {
        if (_index.TryGetValue(field.Key, out var i)) _fields[i] = field;
        else
        {
            _index[field.Key] = _fields.Count;
            _fields.Add(field);
        }
    }

    internal void Remove(string key)
    {
        if (!_index.TryGetValue(key, out var i)) return;
        _fields.RemoveAt(i);
        _index.Clear();
        for (var j = 0; j < _fields.Count; j++) _index[_fields[j].Key] = j;
    }

    /// <summary>Merges <paramref name="other"/> into this object: nested objects merge, other values replace.</summary>
    internal void MergeFrom(HoconObject other)
    {
        foreach (var field in other.Fields)
        {
            if (TryGetField(field.Key)?.Value is HoconObject mine && field.Value is HoconObject theirs)
                mine.MergeFrom(theirs);
            else Set(field);
        }
    }

    /// <summary>A deep copy, so merging into it leaves this object (perhaps the target of a substitution) alone.</summary>
    internal HoconObject Copy()
    {
        var copy = new HoconObject(Position);
        foreach (var field in _fields)
            copy.Set(field.Value is HoconObject o ? field with { Value = o.Copy() } : field);
        return copy;
    }
}
