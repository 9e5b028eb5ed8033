namespace Actors.Kafka.Protocol;

/// <summary>
/// One pass over a message's fields that either reads or writes them: every message and struct has a single
/// <c>Serde(KafkaCodec)</c> that says <c>GroupId = c.String(GroupId)</c> field by field, in schema order, with the
/// version checks of Kafka's JSON schema. A <see cref="KafkaReader"/> returns what it read, a <see cref="KafkaWriter"/>
/// writes the value and returns it unchanged, so the two directions cannot disagree about order or versions.
/// <see cref="Flexible"/> switches strings, bytes and arrays to their compact (unsigned varint) forms and makes
/// <see cref="TaggedFields"/> count, as in Kafka's "flexible versions" (KIP-482).
/// </summary>
public abstract class KafkaCodec
{
    /// <summary>The version of the message being read or written.</summary>
    public short Version { get; set; }

    /// <summary>Whether this version is flexible: compact strings, bytes and arrays and tagged fields.</summary>
    public bool Flexible { get; set; }

    /// <summary>True for a <see cref="KafkaReader"/>.</summary>
    public abstract bool IsReading { get; }

    public abstract sbyte Int8(sbyte value);
    public abstract short Int16(short value);
    public abstract int Int32(int value);
    public abstract long Int64(long value);
    public abstract bool Bool(bool value);
    public abstract Guid Uuid(Guid value);
    public abstract string String(string value);
    public abstract string? NullableString(string? value);
    public abstract ReadOnlyMemory<byte> Bytes(ReadOnlyMemory<byte> value);
    public abstract ReadOnlyMemory<byte>? NullableBytes(ReadOnlyMemory<byte>? value);

    /// <summary>The tagged-field section that ends every struct in a flexible version: unknown tags are skipped when
    /// reading, and none are written (this edge sends no optional tagged data).</summary>
    public abstract void TaggedFields();

    /// <summary>An array's length: reads it (-1 for null), or writes <paramref name="count"/> (null for a null array).</summary>
    protected abstract int ArrayLength(int? count);

    /// <summary>An array of structs; never null.</summary>
    public List<T> Array<T>(List<T> items) where T : IKafkaStruct, new() => NullableArray(items) ?? [];

    /// <summary>An array of structs that may be null on the wire (a Metadata request's "all topics").</summary>
    public List<T>? NullableArray<T>(List<T>? items) where T : IKafkaStruct, new() =>
        Elements(items, static (c, item) =>
        {
            item ??= new T();
            item.Serde(c);
            return item;
        });

    public List<int> Int32s(List<int> items) => Elements(items, static (c, x) => c.Int32(x)) ?? [];
    public List<long> Int64s(List<long> items) => Elements(items, static (c, x) => c.Int64(x)) ?? [];
    public List<string> Strings(List<string> items) => Elements(items, static (c, x) => c.String(x ?? "")) ?? [];
    public List<string>? NullableStrings(List<string>? items) => Elements(items, static (c, x) => c.String(x ?? ""));

    private List<T>? Elements<T>(List<T>? items, Func<KafkaCodec, T?, T> element)
    {
        if (!IsReading)
        {
            ArrayLength(items?.Count);
            if (items is null) return null;
            foreach (var item in items) element(this, item);
            return items;
        }

        var length = ArrayLength(null);
        if (length < 0) return null;
        var read = new List<T>(length);
        for (var i = 0; i < length; i++) read.Add(element(this, default));
        return read;
    }
}
