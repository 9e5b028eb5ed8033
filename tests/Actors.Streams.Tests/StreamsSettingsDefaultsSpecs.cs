using Actors.Partitions;
using Actors.Streams.Distributed;
using Actors.Streams.Pipelines;
using Actors.Streams.Pipelines.Hosting;

namespace Actors.Streams.Tests;

/// <summary>
/// Every settings record of the stream layer, read from an empty configuration over the library's reference.conf,
/// is what reference.conf documents: no default is written in code.
/// </summary>
public sealed class StreamsSettingsDefaultsSpecs
{
    private static readonly Config Empty = ConfigurationFactory.Empty;

    [Fact]
    public void Should_read_the_pipelines_defaults()
    {
        var expected = new PipelinesSettings(Role: null, HeartbeatInterval: TimeSpan.FromSeconds(1), SettleTime: TimeSpan.FromSeconds(3),
            MinBackoff: TimeSpan.FromSeconds(1), MaxBackoff: TimeSpan.FromSeconds(30), RandomFactor: 0.2, MaxRestarts: -1,
            AskTimeout: TimeSpan.FromSeconds(3), JournalPlugin: "", RegistryMinBackoff: TimeSpan.FromSeconds(1), RegistryMaxBackoff: TimeSpan.FromSeconds(10));

        Assert.Equal(expected, PipelinesSettings.Create(Empty));
    }

    [Fact]
    public void Should_read_the_pipeline_step_defaults()
    {
        Assert.Equal(new StepDefaults(TopicPrefetch: 500, MaxMessagesPerCheckpoint: 64, WorkersWindow: 256), StepDefaults.Create(Empty));
    }

    [Fact]
    public void Should_read_the_topic_sink_defaults()
    {
        var settings = TopicSinkSettings.Create(Empty);

        Assert.Equal((64, (TimeSpan?)null), (settings.Parallelism, settings.PublishTimeout));
        Assert.Same(Akka.Streams.Supervision.Deciders.StoppingDecider, settings.Decider);
    }

    [Fact]
    public void Should_read_the_topic_source_defaults()
    {
        var settings = TopicSourceSettings.Create(Empty);

        Assert.Equal((100, StartFrom.Earliest), (settings.Prefetch, settings.StartFrom));
    }

    [Fact]
    public void Should_read_the_distributed_work_defaults_for_new_and_for_an_empty_config_alike()
    {
        var expected = (Role: (string?)null, WindowPerWorker: 64, Spec: (string?)null, Ordered: true, NoWorkerTimeout: TimeSpan.FromSeconds(30),
            OpenTimeout: TimeSpan.FromSeconds(10), WorkerParallelism: 4);

        foreach (var settings in new[] { new DistributedWorkSettings(), DistributedWorkSettings.Create(Empty) })
            Assert.Equal(expected, (settings.Role, settings.WindowPerWorker, settings.Spec, settings.Ordered, settings.NoWorkerTimeout, settings.OpenTimeout, settings.WorkerParallelism));
    }

    [Fact]
    public void Should_take_a_nodes_value_over_the_default()
    {
        var node = ConfigurationFactory.ParseString("actors.streams { topic-sink { parallelism = 8, publish-timeout = 2s }\n topic-source.start-from = latest }");

        Assert.Equal((8, TimeSpan.FromSeconds(2)), (TopicSinkSettings.Create(node).Parallelism, TopicSinkSettings.Create(node).PublishTimeout));
        Assert.Equal(StartFrom.Latest, TopicSourceSettings.Create(node).StartFrom);
    }
}
