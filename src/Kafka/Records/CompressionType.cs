namespace Actors.Kafka.Records;

/// <summary>The compression codecs of a record batch, by their value in the batch attributes' low three bits.</summary>
public enum CompressionType : byte
{
    None = 0,
    Gzip = 1,
    Snappy = 2,
    Lz4 = 3,
    Zstd = 4,
}
