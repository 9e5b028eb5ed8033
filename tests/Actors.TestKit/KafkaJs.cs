namespace Actors.Testing;

/// <summary>
/// The kafkajs scenarios of <c>tests/clients</c> (produce.js, consume.js), run with Debian's <c>node</c>: kafkajs is
/// installed into <c>tests/clients/node_modules</c> by <c>.ci/kafka-clients.sh</c> from the committed
/// package-lock, so a spec finds it beside the repository's solution file. Missing, it fails with that line.
/// </summary>
public static class KafkaJs
{
    /// <summary>The folder of the scripts, <c>tests/clients</c> of this repository.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>The <c>node</c> program and the path of <paramref name="script"/>; fails naming the install step when either is missing.</summary>
    public static (string Node, string Script) Require(string script)
    {
        var node = ExternalTool.Require("node", "nodejs");
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "kafkajs")))
            throw new InvalidOperationException($"kafkajs is not installed in {Folder}: npm ci --prefix tests/clients (.ci/kafka-clients.sh does it for .ci/run)");
        return (node, Path.Combine(Folder, script));
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Actors.sln"))) return Path.Combine(dir.FullName, "tests", "clients");
        throw new InvalidOperationException($"no Actors.sln above {AppContext.BaseDirectory}: the kafkajs scripts live in the repository's tests/clients");
    }
}
