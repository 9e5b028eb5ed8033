using System.Security.Cryptography;

namespace Actors.Client;

/// <summary>
/// Producer ids for idempotent publishing: 63 random bits (positive, never 0, which means "no producer"), drawn
/// without asking anyone. A partition tells producers apart by id only while it remembers them (until retention
/// removes their last message), so an id need not be unique forever, only among the producers a partition remembers
/// at once (a collision would make one producer's publish look like a resend of the other's): with a million of those
/// the chance that any two collide is about 5 in 10^8 (n^2 / 2^64). Drawing costs nothing and needs no round trip to a
/// cluster-wide allocator on every connect (a singleton that may itself be moving while a client fails over between
/// nodes); a Kafka edge's <c>InitProducerId</c> can hand out the same kind of id with epoch 0.
/// </summary>
public static class ProducerIds
{
    public static long New()
    {
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var id = BitConverter.ToInt64(bytes) & long.MaxValue;
            if (id != 0) return id;
        }
    }
}
