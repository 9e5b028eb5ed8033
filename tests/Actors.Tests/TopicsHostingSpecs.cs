using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Actors.Tests;

/// <summary>
/// The messaging core started as the node host starts it: <c>AddTopics()</c> in a generic host, on a one-node
/// cluster. Its actors are in the <see cref="ActorRegistry"/> under their types, and topics work.
/// </summary>
public sealed class TopicsHostingSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly IHost _host;

    public TopicsHostingSpecs()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Services.AddAkka("hosted", akka => akka
            .AddHocon(TestConfig.ClusterNode(), HoconAddMode.Prepend)
            .WithActors((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            })
            .AddTopics());
        _host = builder.Build();
    }

    private ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public Task InitializeAsync() => _host.StartAsync();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task Should_register_the_broker_actors_under_their_types()
    {
        // arrange
        var registry = _host.Services.GetRequiredService<ActorRegistry>();

        // act
        var broker = Broker.Get(System);

        // assert: the extension's actors, not a second broker
        Assert.Equal(broker.Registry, await registry.GetAsync<TopicRegistry>());
        Assert.Equal(broker.Partitions, await registry.GetAsync<PartitionActor>());
        Assert.Equal(broker.Groups, await registry.GetAsync<GroupCoordinator>());
    }

    [Fact]
    public async Task Should_serve_topics_once_the_host_has_started()
    {
        // arrange
        var client = Broker.Get(System).Client;

        // act
        await client.CreateTopicAsync(new TopicName("hosted"), 1, Wait);
        var ack = await client.PublishAsync(new TopicName("hosted"), [1, 2, 3], timeout: Wait);

        // assert
        Assert.Equal(("hosted", 0, 0L), (ack.Topic.Value, ack.Partition, ack.Offset));
    }
}
