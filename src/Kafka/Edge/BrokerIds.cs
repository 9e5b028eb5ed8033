using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// The Kafka broker id of a node: a positive 31-bit FNV-1a hash of its remoting <c>host:port</c>, so it is the same
/// every time the node answers and after it restarts at the same address, and every node computes every other's
/// without asking. Metadata's brokers, FindCoordinator's coordinator and each partition's leader all use it.
/// </summary>
public static class BrokerIds
{
    /// <summary>The broker id of the node at <paramref name="host"/>:<paramref name="port"/> (never 0 or negative).</summary>
    public static int Of(string host, int port)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes($"{host}:{port}"))
        {
            hash ^= b;
            hash *= prime;
        }

        var id = (int)(hash & 0x7FFF_FFFF);
        return id == 0 ? 1 : id;
    }

    /// <summary>The broker id of the node at <paramref name="address"/> (its remoting address).</summary>
    public static int Of(Address address) => Of(address.Host ?? "", address.Port ?? 0);
}
