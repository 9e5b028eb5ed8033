using System.Net;
using Akka.Event;

namespace Actors.Kafka.Server;

/// <summary>
/// A started <see cref="KafkaListener"/> on a free loopback port for one spec, with a fixed cluster view of two
/// brokers (the listener itself as broker 1, and a second address) and two topics, disposed with the spec.
/// </summary>
public sealed class ListenerFixture : IAsyncDisposable
{
    public KafkaListener Listener { get; }

    public ClusterView View { get; private set; } = new("", -1, [], []);

    public string Address => $"127.0.0.1:{Listener.LocalEndPoint.Port}";

    public ListenerFixture(ILoggingAdapter log, KafkaListenerSettings? settings = null, Action<KafkaApis>? configure = null)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        var apis = new KafkaApis();
        apis.Add(new MetadataHandler(() => View));
        configure?.Invoke(apis);
        Listener = new KafkaListener((settings ?? new KafkaListenerSettings()) with { EndPoint = endpoint }, apis, log);
        Listener.Start();
        var port = Listener.LocalEndPoint.Port;
        View = new ClusterView("actors-spec", 1,
            [new(1, "127.0.0.1", port), new(2, "127.0.0.1", port + 1, "rack-b")],
            [new("orders", [1, 2]), new("audit", [2])]);
    }

    public ValueTask DisposeAsync() => Listener.DisposeAsync();
}
