using Actors.Kafka.Records;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// Kafka records to Actors messages and back. Actors keys and header values are strings, so a record's key and
/// header values must be UTF-8 (a record that is not is refused: <see cref="RecordRefusedException"/>, answered
/// INVALID_RECORD for its partition's batch); a null value is stored as an empty payload and a null header value
/// as an empty string (Actors has no null payloads or headers; on a compacted topic an empty payload with a key is the
/// tombstone, so a Kafka tombstone deletes its key there). Payload bytes are copied out of the request's
/// buffer. The producer's timestamp is kept as <see cref="TopicMessage.CreateTime"/> (unless the batch says
/// LogAppendTime); a fetched record carries it, or the broker's time for messages published natively.
/// </summary>
public static class RecordConversion
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The messages of <paramref name="batch"/>, in order.</summary>
    public static List<TopicMessage> ToMessages(RecordBatch batch)
    {
        var messages = new List<TopicMessage>(batch.Records.Count);
        for (var i = 0; i < batch.Records.Count; i++)
        {
            var record = batch.Records[i];
            var key = record.Key is { } k ? Decode(k, $"record {i}: the key") : null;
            IReadOnlyDictionary<string, string> headers = TopicMessage.NoHeaders;
            if (record.Headers.Count > 0)
            {
                var map = new Dictionary<string, string>(record.Headers.Count, StringComparer.Ordinal);
                foreach (var header in record.Headers)
                    map[header.Key] = header.Value is { } v ? Decode(v, $"record {i}: header '{header.Key}'") : "";
                headers = map;
            }

            var payload = record.Value is { } value ? value.ToArray() : [];
            messages.Add(new TopicMessage(key, payload, headers, default)
            {
                CreateTime = !batch.IsLogAppendTime && record.Timestamp >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(record.Timestamp) : null,
            });
        }

        return messages;
    }

    /// <summary>One uncompressed record batch v2 of <paramref name="messages"/> (at least one).</summary>
    public static byte[] ToBatch(IReadOnlyList<StoredMessage> messages)
    {
        var records = new List<KafkaRecord>(messages.Count);
        foreach (var stored in messages)
        {
            var m = stored.Message;
            var headers = m.Headers.Count == 0
                ? (IReadOnlyList<RecordHeader>)[]
                : m.Headers.Select(h => new RecordHeader(h.Key, Encoding.UTF8.GetBytes(h.Value))).ToList();
            records.Add(new KafkaRecord(stored.Offset, (m.CreateTime ?? m.Timestamp).ToUnixTimeMilliseconds(),
                m.Key is null ? null : Encoding.UTF8.GetBytes(m.Key), m.Payload, headers));
        }

        return RecordBatchWriter.ToBytes(RecordBatch.Of(records));
    }

    private static string Decode(ReadOnlyMemory<byte> bytes, string what)
    {
        try
        {
            return Strict.GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw new RecordRefusedException($"{what} is not UTF-8 text (Actors keys and header values are strings)");
        }
    }
}

/// <summary>A record Actors cannot store as it is (answered INVALID_RECORD for its partition).</summary>
public sealed class RecordRefusedException(string message) : Exception(message);
