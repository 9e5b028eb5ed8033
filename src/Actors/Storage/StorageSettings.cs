namespace Actors.Storage;

/// <summary>
/// The <c>actors.storage</c> settings (see the library's reference.conf): which journal a node's partitions
/// use and where it is. <see cref="StorageConfig"/> turns them into Akka.Persistence settings. Built with
/// <see cref="Create(ActorSystem)"/> or <see cref="Create(Config)"/>; immutable, changed with <c>with</c>.
/// </summary>
public sealed record StorageSettings(StorageProvider Provider, string SqlitePath, string PostgresConnectionString)
{
    public static StorageSettings Create(ActorSystem system) => Create(system.Settings.Config);

    public static StorageSettings Create(Config config)
    {
        var c = new SettingsSection(config, "actors.storage");
        var provider = c.String("provider");
        return new StorageSettings(
            Provider: provider switch
            {
                "sqlite" => StorageProvider.Sqlite,
                "postgresql" => StorageProvider.Postgresql,
                "memory" => StorageProvider.Memory,
                _ => throw new ConfigurationException($"actors.storage.provider is '{provider}'; expected sqlite, postgresql or memory"),
            },
            SqlitePath: c.String("sqlite.path"),
            PostgresConnectionString: c.String("postgresql.connection-string"));
    }
}

/// <summary>Where partitions keep their journal (<c>actors.storage.provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>One embedded file, for one node or several nodes on one machine.</summary>
    Sqlite,

    /// <summary>A shared server, for a cluster of several machines.</summary>
    Postgresql,

    /// <summary>Memory only, for tests: nothing survives the process.</summary>
    Memory,
}
