using System.Globalization;

namespace Actors.Hocon;

/// <summary>
/// Conversions from a resolved node to .NET values. Each failure is a <see cref="HoconException"/> at the
/// node's position that names the key (<c>'parallelism' must be an integer, found "four"</c>).
/// </summary>
public static class HoconConvert
{
    public static string ToText(HoconNode node, string key) => node switch
    {
        HoconScalar scalar => scalar.Text,
        _ => throw node.Error($"'{key}' must be a string, found {node.KindName}"),
    };

    public static int ToInt32(HoconNode node, string key) =>
        int.TryParse(Scalar(node, key, "an integer"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Wrong(node, key, "an integer");

    public static long ToInt64(HoconNode node, string key) =>
        long.TryParse(Scalar(node, key, "an integer"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Wrong(node, key, "an integer");

    public static double ToDouble(HoconNode node, string key) =>
        double.TryParse(Scalar(node, key, "a number"), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Wrong(node, key, "a number");

    /// <summary>true/false, and the on/off and yes/no that Akka configs use.</summary>
    public static bool ToBoolean(HoconNode node, string key) => Scalar(node, key, "a boolean").ToLowerInvariant() switch
    {
        "true" or "on" or "yes" => true,
        "false" or "off" or "no" => false,
        _ => throw Wrong(node, key, "a boolean (true/false, on/off)"),
    };

    /// <summary>A HOCON duration: <c>500ms</c>, <c>3 s</c>, <c>2 minutes</c>; a bare number means milliseconds; <c>infinite</c>.</summary>
    public static TimeSpan ToTimeSpan(HoconNode node, string key)
    {
        var text = Scalar(node, key, "a duration").Trim();
        if (text is "infinite" or "inf") return Timeout.InfiniteTimeSpan;
        var split = 0;
        while (split < text.Length && (char.IsDigit(text[split]) || text[split] is '.' or '-')) split++;
        if (!double.TryParse(text[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            throw Wrong(node, key, "a duration such as 500ms or 3s");
        Func<double, TimeSpan>? unit = text[split..].Trim() switch
        {
            "" or "ms" or "millis" or "millisecond" or "milliseconds" => TimeSpan.FromMilliseconds,
            "us" or "micros" or "microsecond" or "microseconds" => v => TimeSpan.FromTicks((long)(v * 10)),
            "ns" or "nanos" or "nanosecond" or "nanoseconds" => v => TimeSpan.FromTicks((long)(v / 100)),
            "s" or "second" or "seconds" => TimeSpan.FromSeconds,
            "m" or "minute" or "minutes" => TimeSpan.FromMinutes,
            "h" or "hour" or "hours" => TimeSpan.FromHours,
            "d" or "day" or "days" => TimeSpan.FromDays,
            _ => null,
        };
        return unit?.Invoke(amount) ?? throw Wrong(node, key, "a duration such as 500ms or 3s");
    }

    private static string Scalar(HoconNode node, string key, string expected) =>
        node is HoconScalar scalar ? scalar.Text : throw node.Error($"'{key}' must be {expected}, found {node.KindName}");

    private static HoconException Wrong(HoconNode node, string key, string expected) =>
        node.Error($"'{key}' must be {expected}, found \"{HoconText.Quote(((HoconScalar)node).Text)}\"");
}
