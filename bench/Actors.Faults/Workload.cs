namespace Actors.Faults;

/// <summary>
/// The messages: line <c>i</c> (0-based) has key <c>k{i % keys}</c> and payload <c>k{key}:{counter}</c>, the
/// counter counting that key's messages from 0, so reading them back shows per key what was lost, doubled or
/// reordered. A line is <c>key|payload</c>, as <c>actors publish --key-separator '|'</c> reads it.
/// </summary>
internal sealed class Workload(int messages, int keys)
{
    public int Count => messages;

    public int Keys => keys;

    public string Line(int index) => $"k{index % keys}|{Payload(index)}";

    public static string Payload(int index, int keys) => $"k{index % keys}:{index / keys}";

    public string Payload(int index) => Payload(index, keys);

    /// <summary>The line index a payload was made from; -1 if it is not one of ours.</summary>
    public int IndexOf(string payload)
    {
        var colon = payload.IndexOf(':');
        if (colon < 2 || payload[0] != 'k') return -1;
        if (!int.TryParse(payload.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var key) ||
            !int.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var counter)) return -1;
        var index = (long)counter * keys + key;
        return key < keys && index < messages ? (int)index : -1;
    }
}
