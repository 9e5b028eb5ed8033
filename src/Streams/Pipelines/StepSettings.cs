using Actors.Configuration;

namespace Actors.Streams.Pipelines;

/// <summary>
/// The settings of one step as written in its file: typed reads that fail with the file, line and what was
/// expected, so a wrong value is reported before anything runs.
/// </summary>
public sealed class StepSettings(HoconObject node, Func<HoconNode, HoconNode?> resolve)
{
    public HoconObject Node { get; } = node;

    public string String(string key) => Value(key, HoconConvert.ToText) ?? throw Missing(key);

    public string String(string key, string fallback) => Value(key, HoconConvert.ToText) ?? fallback;

    public int Int(string key) => Value<int?>(key, (n, k) => HoconConvert.ToInt32(n, k)) ?? throw Missing(key);

    public int Int(string key, int fallback) => Value<int?>(key, (n, k) => HoconConvert.ToInt32(n, k)) ?? fallback;

    public TimeSpan Duration(string key) => Value<TimeSpan?>(key, (n, k) => HoconConvert.ToTimeSpan(n, k)) ?? throw Missing(key);

    /// <summary>The converted value, or null when the key is absent (or an optional substitution left it unset).</summary>
    private T? Value<T>(string key, Func<HoconNode, string, T> convert) =>
        Node.TryGetField(key) is { } field && resolve(field.Value) is { } value ? convert(value, key) : default;

    private HoconException Missing(string key) => Node.Error($"missing setting '{key}'");
}
