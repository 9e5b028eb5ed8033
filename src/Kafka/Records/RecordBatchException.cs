namespace Actors.Kafka.Records;

/// <summary>
/// A record batch that cannot be accepted, with the Kafka error code a Produce response gives for it:
/// CORRUPT_MESSAGE for a wrong CRC or bad lengths, UNSUPPORTED_FOR_MESSAGE_FORMAT for magic 0/1,
/// UNSUPPORTED_COMPRESSION_TYPE for an unknown codec, INVALID_RECORD for records that contradict their batch.
/// </summary>
public sealed class RecordBatchException(ErrorCode error, string message) : Exception(message)
{
    /// <summary>The error code to answer with.</summary>
    public ErrorCode Error { get; } = error;
}
