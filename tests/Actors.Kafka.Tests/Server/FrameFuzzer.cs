using System.Buffers.Binary;
using Actors.Kafka.Messages;
using Actors.Kafka.Protocol;
using Actors.Kafka.Records;

namespace Actors.Kafka.Server;

/// <summary>
/// Mutated Kafka frames for fuzzing a listener: a corpus of well-formed requests of several APIs and versions, and
/// mutations of them (bytes flipped, cut short, spliced with garbage, garbage alone, body-only flips). Shared by the
/// listener's in-process fuzz spec and the node process's (linked into tests/Actors.Nodes.Tests).
/// </summary>
public static class FrameFuzzer
{
    /// <summary>Reads responses until the probe's (true) or a close (false); a hang fails through the read deadline.</summary>
    public static async Task<bool> UntilProbeOrClose(RawClient client, int probeId, TimeSpan wait)
    {
        while (true)
        {
            var payload = await client.ReadAsync(wait);
            if (payload is null) return false;
            if (payload.Length >= 4 && BinaryPrimitives.ReadInt32BigEndian(payload) == probeId) return true;
        }
    }

    public static byte[] Mutate(byte[] frame, Random random)
    {
        var bytes = frame.ToList();
        switch (random.Next(5))
        {
            case 0:
                for (var n = random.Next(1, 5); n > 0 && bytes.Count > 0; n--) bytes[random.Next(bytes.Count)] ^= (byte)random.Next(1, 256);
                break;
            case 1:
                bytes = bytes.Take(random.Next(bytes.Count)).ToList();
                break;
            case 2:
                bytes.InsertRange(random.Next(bytes.Count + 1), RandomBytes(random, random.Next(1, 16)));
                break;
            case 3:
                bytes = RandomBytes(random, random.Next(0, 200)).ToList();
                break;
            default:
                // keep the header, flip bytes only in the body, where the decoders are
                for (var n = random.Next(1, 4); n > 0 && bytes.Count > 12; n--) bytes[random.Next(12, bytes.Count)] ^= (byte)random.Next(1, 256);
                break;
        }

        return bytes.ToArray();
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Well-formed requests (payloads without size prefix) of several APIs and versions, flexible or not.</summary>
    public static List<byte[]> Corpus()
    {
        var batch = RecordBatchWriter.ToBytes(RecordBatch.Of([new KafkaRecord(0, 1, new byte[] { 1 }, new byte[] { 2, 3 }, [new RecordHeader("h", null)])]));
        var gzipBatch = RecordBatchWriter.ToBytes(RecordBatch.Of([new KafkaRecord(0, 1, null, new byte[100], [])], CompressionType.Gzip));
        var requests = new (short Key, short Version, IKafkaMessage? Body)[]
        {
            (18, 0, null),
            (18, 3, new ApiVersionsRequest { ClientSoftwareName = "fuzz", ClientSoftwareVersion = "1" }),
            (3, 0, new MetadataRequest { Topics = [new() { Name = "orders" }] }),
            (3, 9, new MetadataRequest { Topics = null }),
            (12, 4, new HeartbeatRequest { GroupId = "g", MemberId = "m", GroupInstanceId = "i" }),
            (11, 7, new JoinGroupRequest { GroupId = "g", ProtocolType = "consumer", Protocols = [new() { Name = "range", Metadata = new byte[] { 0, 1, 2 } }] }),
            (0, 7, new ProduceRequest { TopicData = [new() { Name = "orders", PartitionData = [new() { Records = batch }] }] }),
            (0, 9, new ProduceRequest { TopicData = [new() { Name = "orders", PartitionData = [new() { Index = 1, Records = gzipBatch }] }] }),
        };
        return requests.Select(r => RawClient.Request(r.Key, r.Version, 5, r.Body)[4..]).ToList();
    }
}
