using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Actors.Diagnostics;
using Actors.Streams.Pipelines.Hosting;

namespace Actors.Streams.Tests.Pipelines.Hosting;

/// <summary>
/// The <c>Actors.Streams</c> meter: a pipeline run by a host shows its elements in and out under its name (observed from
/// the counts the host already keeps), and stops being observed once cancelled.
/// </summary>
public sealed class PipelineMetricsSpecs(ITestOutputHelper output) : StreamsSpec(output, "actors.streams.pipelines.heartbeat-interval = 1h"), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-pipeline-metrics-").FullName;

    [Fact]
    public async Task Should_observe_a_pipelines_elements_in_and_out_by_name()
    {
        // arrange: a listener on the Actors.Streams meter, and a host (the test actor as its registry)
        var observed = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ActorsTelemetry.StreamsMeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "actors.pipeline.name" && tag.Value is "metered-copy")
                    observed[instrument.Name] = value;
        });
        listener.Start();
        var host = Sys.ActorOf(PipelineHost.Props(PipelinesSettings.Create(Sys), TestActor), "metrics-host");
        ExpectMsg<RegisterPipelineHost>(Wait);
        var input = Path.Combine(_folder, "in.txt");
        await File.WriteAllLinesAsync(input, ["a", "b", "c", "d"]);

        // act: run it to completion, then cancel it
        host.Tell(new RunPipeline("metered-copy", "copy.conf", $$"""
            pipeline {
              name = metered-copy
              source { type = file, path = "{{input}}" }
              sink { type = file, path = "{{Path.Combine(_folder, "out.txt")}}" }
            }
            """));
        ExpectMsg<PipelineEnded>(e => e.Name == "metered-copy" && e.State == "completed", Wait);
        listener.RecordObservableInstruments();
        var whileHosted = new Dictionary<string, long>(observed);
        observed.Clear();
        host.Tell(new CancelPipeline("metered-copy"));
        await AwaitConditionAsync(async () =>
        {
            var listed = await host.Ask<PipelineList>(GetHostedPipelines.Instance, Wait);
            return listed.Pipelines.Count == 0;
        }, Wait);
        listener.RecordObservableInstruments();

        // assert
        Assert.Equal(4, whileHosted.GetValueOrDefault("actors.pipeline.elements.in"));
        Assert.Equal(4, whileHosted.GetValueOrDefault("actors.pipeline.elements.out"));
        Assert.Empty(observed);
    }

    public new void Dispose()
    {
        base.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
