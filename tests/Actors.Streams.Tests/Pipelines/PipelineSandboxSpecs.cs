using Actors.Hocon;
using Actors.Streams.Pipelines;
using Actors.Streams.Pipelines.Hosting;

namespace Actors.Streams.Tests.Pipelines;

/// <summary>
/// The pipeline sandbox (<see cref="PipelineSandbox"/>): on a node allowing only <c>allowed/</c> of the spec's folder
/// and ports 9000-9100, a file step outside it (<c>/etc/passwd</c>, a <c>..</c> escape, a symbolic link out of it,
/// a dangling one) and a tcp source on another port are refused when checked, with FILE:LINE:COL at the setting,
/// and again when the node builds the graph (a host fails the pipeline for good with the same line, and nothing is
/// opened or created); a path inside works, through a link that stays inside too.
/// </summary>
public sealed class PipelineSandboxSpecs : StreamsSpec, IDisposable
{
    private readonly string _folder;
    private readonly string _allowed;
    private readonly string _outside;

    public PipelineSandboxSpecs(ITestOutputHelper output) : this(output, Directory.CreateTempSubdirectory("actors-sandbox-").FullName)
    {
    }

    private PipelineSandboxSpecs(ITestOutputHelper output, string folder) : base(output, $$"""
        actors.streams.pipelines {
          allowed-paths = ["{{Path.Combine(folder, "allowed")}}"]
          allowed-tcp-ports = ["9000-9100"]
          heartbeat-interval = 1h
        }
        """)
    {
        _folder = folder;
        _allowed = Directory.CreateDirectory(Path.Combine(folder, "allowed")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(folder, "outside")).FullName;
        File.WriteAllLines(Path.Combine(_allowed, "in.txt"), ["b a", "b"]);
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret\n");
    }

    private PipelineSandbox Sandbox => PipelineSandbox.Create(Sys);

    [Theory]
    [InlineData("source", "/etc/passwd", "source 'file' may not read '/etc/passwd': it is outside actors.streams.pipelines.allowed-paths [ALLOWED]")]
    [InlineData("source", "ALLOWED/../outside/secret.txt", "source 'file' may not read 'ALLOWED/../outside/secret.txt' (OUTSIDE/secret.txt): it is outside")]
    [InlineData("sink", "ALLOWED/sub/../../outside/written.txt", "sink 'file' may not write 'ALLOWED/sub/../../outside/written.txt' (OUTSIDE/written.txt): it is outside")]
    [InlineData("source", "ALLOWED/passwd-link", "source 'file' may not read 'ALLOWED/passwd-link' (/etc/passwd): it is outside")]
    [InlineData("source", "ALLOWED/outside-dir/secret.txt", "source 'file' may not read 'ALLOWED/outside-dir/secret.txt' (OUTSIDE/secret.txt): it is outside")]
    [InlineData("sink", "ALLOWED/dangling", "sink 'file' may not write 'ALLOWED/dangling' (OUTSIDE/created.txt): it is outside")]
    public void Should_refuse_a_file_outside_the_allowed_paths_at_check_with_file_line_and_column(string role, string path, string problem)
    {
        // arrange: links in the allowed folder to a file, a folder and a file yet to be made outside it
        File.CreateSymbolicLink(Path.Combine(_allowed, "passwd-link"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(_allowed, "outside-dir"), _outside);
        File.CreateSymbolicLink(Path.Combine(_allowed, "dangling"), Path.Combine(_outside, "created.txt"));
        var pipeline = PipelineDefinition.Parse(Pipeline(role, Placed(path)), "sandbox.conf");

        // act
        var error = Assert.Throws<HoconException>(() => pipeline.Check(Sandbox));

        // assert: one line at the path's value (line 2 the source, line 3 the sink)
        var line = role == "source" ? 2 : 3;
        Assert.StartsWith($"sandbox.conf:{line}:", error.Message);
        Assert.Contains(Placed(problem), error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_refuse_at_build_time_with_the_same_line_and_create_nothing()
    {
        // arrange: a sink through a link to a file not yet there, outside
        File.CreateSymbolicLink(Path.Combine(_allowed, "dangling"), Path.Combine(_outside, "created.txt"));
        var pipeline = PipelineDefinition.Parse(Pipeline("sink", Path.Combine(_allowed, "dangling")), "sandbox.conf");
        var atCheck = Assert.Throws<HoconException>(() => pipeline.Check(Sandbox));

        // act: this node builds what some other node checked
        var atBuild = Assert.Throws<HoconException>(() => pipeline.Build(Sys));

        // assert
        Assert.Equal(atCheck.Message, atBuild.Message);
        Assert.False(File.Exists(Path.Combine(_outside, "created.txt")), "the file outside must not be created");
    }

    [Fact]
    public async Task Should_fail_a_hosted_pipeline_outside_the_sandbox_for_good_with_its_line()
    {
        // arrange: a host on this node, with the test actor as its registry (which never checked the file)
        var settings = PipelinesSettings.Create(Sys) with { MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        var host = Sys.ActorOf(PipelineHost.Props(settings, TestActor));
        ExpectMsg<RegisterPipelineHost>(Wait);

        // act
        host.Tell(new RunPipeline("escape", "escape.conf", Pipeline("sink", Path.Combine(_allowed, "..", "outside", "written.txt"))));

        // assert: failed, not restarted, and nothing written
        var ended = ExpectMsg<PipelineEnded>(Wait);
        Assert.StartsWith("failed: escape.conf:3:", ended.State);
        Assert.Contains("sink 'file' may not write", ended.State);
        var info = (await host.Ask<PipelineList>(GetHostedPipelines.Instance, Wait)).Pipelines.Single();
        Assert.Equal(0, info.Restarts);
        Assert.False(File.Exists(Path.Combine(_outside, "written.txt")));
    }

    [Fact]
    public async Task Should_run_a_pipeline_whose_files_are_under_an_allowed_path_also_through_a_link_inside_it()
    {
        // arrange: the input read through a link that stays in the allowed folder
        File.CreateSymbolicLink(Path.Combine(_allowed, "in-link.txt"), Path.Combine(_allowed, "in.txt"));
        var output = Path.Combine(_allowed, "out", "..", "out.txt");
        var text = $$"""
            pipeline {
              source { type = file, path = "{{Path.Combine(_allowed, "in-link.txt")}}" }
              stages = [ { type = split }, { type = count }, { type = top, n = 2 }, { type = format } ]
              sink { type = file, path = "{{output}}" }
            }
            """;

        // act
        var pipeline = PipelineDefinition.Parse(text, "allowed.conf").Check(Sandbox);
        await pipeline.Build(Sys).Run(Materializer).WaitAsync(Wait);

        // assert
        Assert.Equal(["b 2", "a 1"], await File.ReadAllLinesAsync(Path.Combine(_allowed, "out.txt")));
    }

    [Theory]
    [InlineData(7070, "source 'tcp' may not listen on port 7070: it is outside actors.streams.pipelines.allowed-tcp-ports [9000-9100]")]
    [InlineData(0, "source 'tcp' may not listen on port 0 (any free port): it is outside")]
    [InlineData(9050, null)]
    public void Should_allow_a_tcp_source_only_on_an_allowed_port(int port, string? problem)
    {
        var pipeline = PipelineDefinition.Parse($"pipeline {{\n  source {{ type = tcp,\n    port = {port} }}\n  sink {{ type = stdout }}\n}}", "tcp.conf");

        var error = Record.Exception(() => pipeline.Check(Sandbox));

        if (problem is null)
        {
            Assert.Null(error);
            return;
        }

        Assert.StartsWith("tcp.conf:3:12: ", Assert.IsType<HoconException>(error).Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Should_allow_nothing_by_default_and_say_how_to_allow_it()
    {
        var none = PipelineSandbox.Create(ConfigurationFactory.Empty);
        var file = PipelineDefinition.Parse(Pipeline("source", Path.Combine(_allowed, "in.txt")), "default.conf");
        var tcp = PipelineDefinition.Parse("pipeline {\n  source { type = tcp, port = 9000 }\n  sink { type = stdout }\n}", "default.conf");

        Assert.Empty(none.AllowedPaths);
        Assert.Empty(none.AllowedTcpPorts);
        Assert.Contains("pipelines may touch no file here (actors.streams.pipelines.allowed-paths is empty; a node takes --allow-path DIR)",
            Assert.Throws<HoconException>(() => file.Check(none)).Message);
        Assert.Contains("pipelines may open no TCP port here (actors.streams.pipelines.allowed-tcp-ports is empty; a node takes --allow-tcp-port PORT)",
            Assert.Throws<HoconException>(() => tcp.Check(none)).Message);
    }

    [Theory]
    [InlineData("allowed-tcp-ports = [\"9100-9000\"]", "actors.streams.pipelines.allowed-tcp-ports: '9100-9000' is not a port or a range like 9000-9100 (0-65535)")]
    [InlineData("allowed-tcp-ports = [70000]", "actors.streams.pipelines.allowed-tcp-ports: '70000' is not a port or a range like 9000-9100 (0-65535)")]
    [InlineData("allowed-paths = [\"\"]", "actors.streams.pipelines.allowed-paths: an empty path")]
    public void Should_refuse_a_malformed_sandbox_setting_with_one_line(string setting, string problem)
    {
        var error = Assert.Throws<ConfigurationException>(() => PipelineSandbox.Create(ConfigurationFactory.ParseString($"actors.streams.pipelines.{setting}")));

        Assert.StartsWith(problem, error.Message);
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

    /// <summary>A file source (line 2) to stdout, or the allowed input to a file sink (line 3).</summary>
    private string Pipeline(string role, string path) => role == "source"
        ? $"pipeline {{\n  source {{ type = file, path = \"{path}\" }}\n  sink {{ type = stdout }}\n}}"
        : $"pipeline {{\n  source {{ type = file, path = \"{Path.Combine(_allowed, "in.txt")}\" }}\n  sink {{ type = file, path = \"{path}\" }}\n}}";

    private string Placed(string text) => text.Replace("ALLOWED", _allowed, StringComparison.Ordinal).Replace("OUTSIDE", _outside, StringComparison.Ordinal);
}
