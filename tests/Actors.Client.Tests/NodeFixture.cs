using Actors.Nodes.Configuration;
using Actors.Nodes.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Actors.Client.Tests;

/// <summary>
/// A real node for the client specs of one class, booted the only way nodes boot (<see cref="NodeHost"/>, so with
/// its gateway): a one-node cluster on a free loopback port, in-memory storage, fast timers, quiet log.
/// </summary>
public sealed class NodeFixture : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-client-").FullName;
    private IHost? _host;

    public ActorSystem System { get; private set; } = null!;

    /// <summary><c>host:port</c> of the node, as a client connects to it.</summary>
    public string Endpoint => $"127.0.0.1:{Akka.Cluster.Cluster.Get(System).SelfAddress.Port}";

    public Broker Broker => Broker.Get(System);

    public async Task InitializeAsync()
    {
        var config = Path.Combine(_folder, "spec.conf");
        await File.WriteAllTextAsync(config, """
            akka.loglevel = WARNING
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            actors.storage.provider = memory
            actors.topics.commit-interval = 50ms
            actors.consumers { heartbeat-interval = 200ms, retry-interval = 300ms }
            actors.streams.pipelines { heartbeat-interval = 200ms, settle-time = 1s }
            """);
        // Pipelines submitted by specs read and write their own temporary folders and listen on free ports.
        _host = NodeHost.Build(NodeConfigLoader.Load(new NodeSettings
        {
            Host = "127.0.0.1", Port = 0, KafkaPort = "0", HttpPort = "0", ConfigFile = config, AllowedPaths = [Path.GetTempPath()], AllowedTcpPorts = ["1024-65535"],
        }));
        await _host.StartAsync();
        System = _host.Services.GetRequiredService<ActorSystem>();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(Wait); // a TimeoutException here: the one-node cluster did not come up
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
