using System.Text;

namespace Actors.Topics;

/// <summary>
/// A stable hash of a message key (FNV-1a over UTF-8). <see cref="string.GetHashCode()"/> is randomized per
/// process, so every node and every restart must use this one to agree on a key's partition.
/// </summary>
public static class KeyHash
{
    public static uint Of(string key)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        Span<byte> buffer = key.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, buffer);
        foreach (var b in buffer[..length])
        {
            hash ^= b;
            hash *= prime;
        }

        return hash;
    }

    /// <summary>The partition of <paramref name="key"/> among <paramref name="partitions"/>.</summary>
    public static int Partition(string key, int partitions) => (int)(Of(key) % (uint)partitions);
}
