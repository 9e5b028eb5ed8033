using System.Net;
using System.Net.Sockets;
using Actors.Streams.Pipelines;

namespace Actors.Client.Tests;

/// <summary>
/// <see cref="PipelineClient"/> over a node's gateway, from outside the cluster: submit, list and stop a pipeline
/// with typed answers; the registry's refusals (a bad file, a taken name, an unknown name) as a
/// <see cref="PipelineException"/> with one line.
/// </summary>
public sealed class PipelineClientSpecs(NodeFixture node, ITestOutputHelper output) : TestKit(output: output), IClassFixture<NodeFixture>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-pipeline-client-").FullName;

    [Fact]
    public async Task Should_submit_list_and_stop_a_pipeline()
    {
        // arrange: a pipeline that runs until stopped (lines from a TCP port into a file)
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        var pipelines = new PipelineClient(client.System, client.Gateway, Wait);
        var nodeAddress = Akka.Cluster.Cluster.Get(node.System).SelfAddress.ToString();

        // act
        var submitted = await pipelines.SubmitAsync("listen.conf", Listen("listen"));

        // assert: given to the node, listed as running there, then gone once stopped
        Assert.Equal("listen", submitted.Name);
        await AwaitAssertAsync(async () =>
        {
            var listed = Assert.Single(await pipelines.ListAsync());
            Assert.Equal(("listen", nodeAddress, "running"), (listed.Name, listed.Node, listed.State));
        }, Wait, TimeSpan.FromMilliseconds(100));
        await pipelines.StopAsync("listen");
        Assert.Empty(await pipelines.ListAsync());
    }

    [Fact]
    public async Task Should_refuse_a_bad_file_a_taken_name_and_an_unknown_name_with_one_line()
    {
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        var pipelines = new PipelineClient(client.System, client.Gateway, Wait);

        var bad = await Assert.ThrowsAsync<PipelineException>(() => pipelines.SubmitAsync("bad.conf",
            "pipeline {\n  source { type = file, path = x }\n  stages = [ { type = shuffle } ]\n  sink { type = stdout }\n}\n"));
        Assert.StartsWith("bad.conf:3:", bad.Message);
        Assert.Contains("unknown stage type 'shuffle'", bad.Message);

        await pipelines.SubmitAsync("twice.conf", Listen("twice"));
        var taken = await Assert.ThrowsAsync<PipelineException>(() => pipelines.SubmitAsync("twice.conf", Listen("twice")));
        Assert.StartsWith("a pipeline named 'twice' is already registered", taken.Message);
        await pipelines.StopAsync("twice");

        var unknown = await Assert.ThrowsAsync<PipelineException>(() => pipelines.StopAsync("nope"));
        Assert.Equal("no pipeline named 'nope' (actors pipelines lists them)", unknown.Message);
        Assert.All(new[] { bad, taken, unknown }, e => Assert.DoesNotContain('\n', e.Message));
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

    private string Listen(string name) => $$"""
        pipeline {
          name = {{name}}
          source { type = tcp, port = {{FreePort()}} }
          sink { type = file, path = "{{Path.Combine(_folder, name + ".txt")}}" }
        }
        """;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
