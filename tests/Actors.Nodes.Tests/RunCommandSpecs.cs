using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary><c>actors run</c> with the real executable: the word-count examples, and a bad pipeline file.</summary>
public sealed class RunCommandSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-run-").FullName;

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "hocon", "pipelines", name);

    [Theory]
    [InlineData("word-count.conf")]
    [InlineData("word-count-workers.conf")] // its text steps go through distributed work (the embedded node serves them)
    public async Task Should_run_the_word_count_example_and_print_the_top_words(string example)
    {
        // arrange: INPUT overrides the example's input file
        var input = Path.Combine(_folder, "text.txt");
        await File.WriteAllLinesAsync(input, ["the cat and the dog", "The end"]);

        // act
        var run = await CliProcess.RunAsync(_folder, ["run", Example(example)], Wait, new Dictionary<string, string> { ["INPUT"] = input });

        // assert
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["the 3", "and 1", "cat 1", "dog 1", "end 1"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Should_run_a_file_to_stdout_pipeline_without_a_cluster_or_a_data_folder()
    {
        // arrange: an empty working folder
        var input = Path.Combine(_folder, "text.txt");
        await File.WriteAllLinesAsync(input, ["one two", "two"]);

        // act
        var run = await CliProcess.RunAsync(_folder, ["run", Example("word-count.conf")], Wait, new Dictionary<string, string> { ["INPUT"] = input });

        // assert: counted, and no journal was opened (a node's SQLite journal lives in data/)
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["two 2", "one 1"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "a file -> stdout pipeline should leave no data/ folder");
    }

    [Fact]
    public async Task Should_refuse_a_bad_pipeline_file_with_its_name_and_line()
    {
        var file = Path.Combine(_folder, "bad.conf");
        await File.WriteAllTextAsync(file, "pipeline {\n  source { type = file, path = x }\n  stages = [ { type = shuffle } ]\n  sink { type = stdout }\n}\n");

        var run = await CliProcess.RunAsync(_folder, ["run", file], Wait);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {file}:3:", run.Error);
        Assert.Contains("unknown stage type 'shuffle'", run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(run.Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
