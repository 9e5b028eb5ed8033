namespace Actors.Streams.Tests.Support;

/// <summary>
/// The shared spec configuration (<see cref="TestConfig"/>) and cluster harness with the stream layer's library
/// defaults below the core's, as a streams node runs them. Only the streams specs need those, so the shared
/// test kit does not depend on the stream layer.
/// </summary>
public static class StreamsTestConfig
{
    /// <summary>
    /// What the specs' pipelines may touch: files under the temporary folder (where every spec makes its own) and
    /// the working directory (relative paths of pipelines that are only checked), and any port (specs take free
    /// ones). A node's default allows nothing; a spec's <c>extra</c> can narrow this again.
    /// </summary>
    public static string Sandbox => $"""
        actors.streams.pipelines.allowed-paths = ["{Escape(Path.GetTempPath())}", "{Escape(Environment.CurrentDirectory)}"]
        actors.streams.pipelines.allowed-tcp-ports = ["0-65535"]
        """;

    /// <summary>A one-node cluster node with the in-memory journal, the specs' <see cref="Sandbox"/>, and the spec's <paramref name="extra"/> over all.</summary>
    public static Config Node(string extra) => TestConfig.ClusterNode(extra: Sandbox + "\n" + extra, defaults: StreamsSettings.DefaultConfig());

    /// <summary>An in-process cluster whose nodes share one SQLite journal, with the specs' <see cref="Sandbox"/> and the spec's <paramref name="extra"/> over all.</summary>
    public static InProcessCluster Cluster(string name, ITestOutputHelper output, string extra = "") =>
        new(name, output, Sandbox + "\n" + extra, StreamsSettings.DefaultConfig());

    private static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
