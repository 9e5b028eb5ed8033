using Actors.Hocon;
using Actors.Streams.Pipelines;

namespace Actors.Streams.Tests.Pipelines;

/// <summary>
/// What a node does with a pipeline it is sent (<c>PipelineRegistry</c> parses the text with
/// <see cref="PipelineDefinition.Parse"/>): ten thousand levels of nesting are one error, not a stack overflow
/// that kills the node, and an include is refused, since the files it names stayed on the submitting machine.
/// A pipeline file read here follows its includes.
/// </summary>
public sealed class PipelineDefinitionLimitSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-pipeline-limits-").FullName;

    [Fact]
    public void Should_refuse_a_submitted_pipeline_nested_ten_thousand_deep_with_one_line()
    {
        var text = "pipeline {\n  source = " + new string('[', 10_000) + new string(']', 10_000) + "\n}\n";

        var error = Assert.Throws<HoconSyntaxException>(() => PipelineDefinition.Parse(text, "submitted.conf"));

        Assert.StartsWith("submitted.conf:2:", error.Message);
        Assert.Contains("nested deeper than 100 levels", error.Message);
    }

    [Fact]
    public void Should_refuse_an_include_in_a_submitted_pipeline()
    {
        var text = "pipeline {\n  include \"source.conf\"\n  sink { type = stdout }\n}\n";

        var error = Assert.Throws<HoconSyntaxException>(() => PipelineDefinition.Parse(text, "submitted.conf"));

        Assert.StartsWith("submitted.conf:2:3: include is not possible here", error.Message);
    }

    [Fact]
    public void Should_load_a_pipeline_file_that_includes_its_source()
    {
        File.WriteAllText(Path.Combine(_folder, "source.conf"), "source { type = file, path = in.txt }");
        var path = Path.Combine(_folder, "main.conf");
        File.WriteAllText(path, "pipeline {\n  name = included\n  include \"source.conf\"\n  sink { type = stdout }\n}\n");

        var pipeline = PipelineDefinition.Load(path);

        Assert.Equal(["file", "stdout"], pipeline.Steps);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
