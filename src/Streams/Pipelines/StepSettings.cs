using Actors.Hocon;

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

    /// <summary>The objects of an array setting (<c>stages = [ { type = split } ]</c>), each as the settings of a nested step.</summary>
    public IReadOnlyList<StepSettings> Objects(string key)
    {
        var field = Node.TryGetField(key) ?? throw Missing(key);
        if (resolve(field.Value) is not HoconArray array)
            throw field.Value.Error($"'{key}' must be an array of steps like [ {{ type = lowercase }} ], found {field.Value.KindName}");
        return array.Items
            .Select(item => resolve(item) as HoconObject ?? throw item.Error($"a step must be an object like {{ type = lowercase }}, found {item.KindName}"))
            .Select(node => new StepSettings(node, resolve))
            .ToList();
    }

    /// <summary>The converted value, or null when the key is absent (or an optional substitution left it unset).</summary>
    private T? Value<T>(string key, Func<HoconNode, string, T> convert) =>
        Node.TryGetField(key) is { } field && resolve(field.Value) is { } value ? convert(value, key) : default;

    /// <summary>An error at the value of <paramref name="key"/> as written (at the step when it is absent).</summary>
    public HoconException ValueError(string key, string problem) =>
        Node.TryGetField(key) is { } field ? field.Value.Error(problem) : Node.Error(problem);

    private HoconException Missing(string key) => Node.Error($"missing setting '{key}'");
}
