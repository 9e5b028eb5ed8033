namespace Actors.Streams.Tests.Support;

/// <summary>
/// The shared spec configuration (<see cref="TestConfig"/>) and cluster harness with the stream layer's library
/// defaults below the core's, as a streams node runs them. Only the streams specs need those, so the shared
/// test kit does not depend on the stream layer.
/// </summary>
public static class StreamsTestConfig
{
    /// <summary>A one-node cluster node with the in-memory journal and the spec's <paramref name="extra"/> over all.</summary>
    public static Config Node(string extra) => TestConfig.ClusterNode(extra: extra, defaults: StreamsSettings.DefaultConfig());

    /// <summary>An in-process cluster whose nodes share one SQLite journal, with the spec's <paramref name="extra"/> over all.</summary>
    public static InProcessCluster Cluster(string name, ITestOutputHelper output, string extra = "") =>
        new(name, output, extra, StreamsSettings.DefaultConfig());
}
