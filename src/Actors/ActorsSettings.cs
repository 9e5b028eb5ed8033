using System.Reflection;
using Actors.Storage;
using Akka.Persistence.Sql;

namespace Actors;

/// <summary>
/// Entry point to the messaging core's HOCON: the embedded <c>reference.conf</c> under the
/// <c>actors</c> root key, which nodes add below their own files so every setting has a documented default.
/// </summary>
public static class ActorsSettings
{
    private static readonly Lazy<Config> Reference = new(() =>
        EmbeddedConfig.Load(typeof(ActorsSettings).Assembly, "Actors.reference.conf")
            // Akka.Persistence.Sql does not register its defaults by itself; without them start-up fails.
            .WithFallback(SqlPersistence.DefaultConfiguration)
            // Sharding keeps its coordinator state in Distributed Data. Its serializers must be known from the
            // start on every node, not only once a node's own replicator starts, or replication messages from
            // the other nodes fail to deserialize and shards never find a home.
            .WithFallback(Akka.Cluster.Sharding.ClusterSharding.DefaultConfig())
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig())
            .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig()));

    /// <summary>The library defaults, to be used as a fallback below a node's own configuration.</summary>
    public static Config DefaultConfig() => Reference.Value;

    /// <summary>
    /// Completes a node's configuration: its own settings, then the persistence settings its
    /// <c>actors.storage</c> choice implies, then the library defaults; remoting frames big enough for its largest message.
    /// </summary>
    public static Config Complete(Config config)
    {
        // Storage sits between the node's settings (which may override any of it) and the plugin's
        // empty defaults (which it must override).
        var storage = StorageConfig.Render(config.WithFallback(DefaultConfig()));
        return Topics.RemotingFrames.Ensure(config.WithFallback(storage).WithFallback(DefaultConfig()));
    }

    /// <summary>
    /// The actor-system setup a <see cref="Complete"/>d configuration's storage asks for, or null when it needs none
    /// (on SQLite: how connections wait for the file's write lock).
    /// </summary>
    public static Akka.Actor.Setup.Setup? StorageSetup(Config completed) => StorageConfig.Setup(completed);

    /// <summary>
    /// Starts an actor system on a <see cref="Complete"/>d configuration with the setup its storage asks for
    /// (<see cref="StorageSetup"/>), as a node starts one: for programs and benchmarks that host the broker themselves.
    /// </summary>
    public static ActorSystem CreateSystem(string name, Config completed)
    {
        var bootstrap = BootstrapSetup.Create().WithConfig(completed);
        return StorageSetup(completed) is { } storage
            ? ActorSystem.Create(name, bootstrap.And(storage))
            : ActorSystem.Create(name, bootstrap);
    }
}

/// <summary>Reads a HOCON file embedded in an assembly.</summary>
public static class EmbeddedConfig
{
    public static Config Load(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"embedded resource {resourceName} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
