using Actors.Hocon;
using Actors.Streams.Pipelines;

namespace Actors.Streams.Tests.Pipelines;

/// <summary>
/// A <c>workers</c> stage sends its nested stages to other nodes in the file's own syntax, and the workers run
/// them with the catalog's functions: the same results as the stages run here, and the same checks.
/// </summary>
public sealed class WorkerStepsSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    [Fact]
    public async Task Should_give_the_same_results_on_workers_as_the_catalogs_stages_give_here()
    {
        // arrange: the nested stages as a file writes them, and the same stages run as a local graph
        const string Stages = "stages = [ { type = lowercase }, { type = split, separator = \",\" }, { type = filter, contains = p } ]";
        var document = HoconDocument.Parse(Stages, "w.conf").ResolveAll();
        var spec = WorkerSteps.SpecOf(new StepSettings(document.Root, document.Resolve).Objects("stages"));
        var lines = new[] { "Apple,PEAR, plum ,kiwi", "", "KIWI", "pp,,p" };
        var folder = Directory.CreateTempSubdirectory("actors-worker-steps-").FullName;
        await File.WriteAllLinesAsync(Path.Combine(folder, "in.txt"), lines);
        var local = PipelineDefinition.Parse($$"""
            pipeline {
              source { type = file, path = "{{Path.Combine(folder, "in.txt")}}" }
              {{Stages}}
              sink { type = file, path = "{{Path.Combine(folder, "out.txt")}}" }
            }
            """, "local.conf");

        // act
        var onWorkers = lines.SelectMany(WorkerSteps.Compile(spec)).ToList();
        await local.Build(Sys).Run(Materializer).WaitAsync(Wait);

        // assert
        Assert.Equal(["apple", "pear", "plum", "pp", "p"], onWorkers);
        Assert.Equal(onWorkers, await File.ReadAllLinesAsync(Path.Combine(folder, "out.txt")));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Should_allow_on_workers_only_the_catalogs_stateless_text_steps()
    {
        var types = WorkerSteps.Types.Select(name => PipelineCatalog.Steps[$"Stage:{name}"]).ToList();

        Assert.All(types, type => Assert.Equal((true, ElementKind.Text, ElementKind.Text), (type.Stateless is not null, type.Input, type.Output)));
    }

    [Theory]
    [InlineData("{ type = count }", "'count' cannot run on workers")]
    [InlineData("{ type = split, separatr = \",\" }", "'split' has no setting 'separatr'; expected separator")]
    [InlineData("{ type = shuffle }", "unknown stage type 'shuffle'; expected one of lowercase, split, filter")]
    public void Should_check_the_nested_stages_as_the_catalog_checks_any_stage(string nested, string problem)
    {
        // arrange: line 3 holds the nested stage
        var pipeline = PipelineDefinition.Parse($"pipeline {{\n source {{ type = file, path = x }}\n stages = [ {{ type = workers, stages = [ {nested} ] }} ]\n sink {{ type = stdout }}\n}}", "nested.conf");

        // act
        var error = Assert.ThrowsAny<HoconException>(() => pipeline.Build(Sys));

        // assert
        Assert.StartsWith("nested.conf:3:", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
