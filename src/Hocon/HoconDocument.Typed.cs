namespace Actors.Hocon;

/// <summary>Typed lookups by path; a wrong type is an error at the value's own line.</summary>
public sealed partial class HoconDocument
{
    public string GetString(string path) => HoconConvert.ToText(GetNode(path), path);

    public string GetString(string path, string fallback) => TryGetNode(path) is { } node ? HoconConvert.ToText(node, path) : fallback;

    public int GetInt(string path) => HoconConvert.ToInt32(GetNode(path), path);

    public int GetInt(string path, int fallback) => TryGetNode(path) is { } node ? HoconConvert.ToInt32(node, path) : fallback;

    public long GetLong(string path) => HoconConvert.ToInt64(GetNode(path), path);

    public double GetDouble(string path) => HoconConvert.ToDouble(GetNode(path), path);

    public bool GetBoolean(string path) => HoconConvert.ToBoolean(GetNode(path), path);

    public bool GetBoolean(string path, bool fallback) => TryGetNode(path) is { } node ? HoconConvert.ToBoolean(node, path) : fallback;

    public TimeSpan GetTimeSpan(string path) => HoconConvert.ToTimeSpan(GetNode(path), path);

    public IReadOnlyList<string> GetStringList(string path) =>
        GetArray(path).Items.Select(item => HoconConvert.ToText(Resolve(item) ?? item, path)).ToList();
}
