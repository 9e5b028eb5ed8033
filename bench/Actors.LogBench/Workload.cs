namespace Actors.LogBench;

/// <summary>
/// The messages: payload <c>i</c> starts with <c>i</c> (8 bytes, little-endian) and is filled after that from <c>i</c>,
/// so a reader can tell each one apart and check its bytes. The checksum of a set of payloads is the sum of their
/// FNV-1a hashes (order does not matter; a lost, changed or doubled message changes it).
/// </summary>
internal sealed class Workload(int payloadBytes)
{
    public byte[] Payload(long index)
    {
        var payload = new byte[payloadBytes];
        BitConverter.TryWriteBytes(payload, index);
        var state = (ulong)index * 0x9E3779B97F4A7C15UL + 1;
        for (var i = 8; i < payload.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            payload[i] = (byte)state;
        }

        return payload;
    }

    public static long IndexOf(byte[] payload) => BitConverter.ToInt64(payload, 0);

    public static ulong Hash(byte[] payload)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in payload) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
