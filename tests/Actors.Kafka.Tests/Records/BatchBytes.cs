using Actors.Kafka.Records;

namespace Actors.Kafka.Records;

/// <summary>Builds batch bytes by hand for specs: another records section or a changed byte, with the CRC fixed up or not.</summary>
public static class BatchBytes
{
    /// <summary><paramref name="batch"/>'s header over <paramref name="section"/>, with length, codec and CRC made consistent.</summary>
    public static byte[] WithSection(byte[] batch, CompressionType codec, byte[] section)
    {
        var bytes = batch[..RecordBatch.HeaderSize].Concat(section).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), bytes.Length - 12);
        var attributes = (short)((BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(21)) & ~0x07) | (int)codec);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(21), attributes);
        return FixCrc(bytes);
    }

    /// <summary>Recomputes the CRC-32C, so a spec can reach the checks behind it.</summary>
    public static byte[] FixCrc(byte[] bytes)
    {
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(17), Crc32C.Compute(bytes.AsSpan(21)));
        return bytes;
    }
}
