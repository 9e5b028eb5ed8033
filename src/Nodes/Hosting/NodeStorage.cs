using System.Data.Common;
using Actors.Nodes.Configuration;
using Actors.Storage;
using Microsoft.Extensions.Logging;

namespace Actors.Nodes.Hosting;

/// <summary>
/// The node's journal as the start-up sees it: <see cref="WaitUntilReadyAsync"/> readies an SQLite file before the
/// persistence plugins open it, waiting (and saying so every ten seconds) while another process holds it locked,
/// however long, rather than crashing once SQLite's busy timeout runs out; <see cref="Describe"/> names it in the
/// node's start line without a password.
/// </summary>
internal static class NodeStorage
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    /// <summary>Readies the node's SQLite file, if it uses one; returns when it is, or throws when <paramref name="cancellationToken"/> ends.</summary>
    public static async Task WaitUntilReadyAsync(NodeConfig node, ILogger logger, CancellationToken cancellationToken)
    {
        var settings = Settings(node.Config);
        if (settings.Provider != StorageProvider.Sqlite) return;
        var path = Path.GetFullPath(settings.SqlitePath);
        var nextReport = TimeSpan.Zero;
        await SqliteJournalFile.PrepareAsync(path, (waited, problem) =>
        {
            if (waited < nextReport) return;
            nextReport = waited + ReportEvery;
            logger.LogWarning("storage {Path} is locked by another process; waiting ({Waited:0} s so far: {Problem})",
                path, waited.TotalSeconds, problem);
        }, cancellationToken);
    }

    /// <summary><c>sqlite /full/path/actors.db</c>, <c>postgresql host:port/database</c> or <c>memory</c>.</summary>
    public static string Describe(Config config)
    {
        var settings = Settings(config);
        return settings.Provider switch
        {
            StorageProvider.Sqlite => $"sqlite {Path.GetFullPath(settings.SqlitePath)}",
            StorageProvider.Postgresql => $"postgresql {Server(settings.PostgresConnectionString)}",
            _ => "memory (nothing survives the process)",
        };
    }

    /// <summary>The storage settings of a node's own layers or of its completed configuration alike.</summary>
    private static StorageSettings Settings(Config config) =>
        StorageSettings.Create(config.WithFallback(Actors.ActorsSettings.DefaultConfig()));

    private static string Server(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string Part(string key, string fallback) => parts.TryGetValue(key, out var value) ? value?.ToString() ?? fallback : fallback;
        return $"{Part("Host", "localhost")}:{Part("Port", "5432")}/{Part("Database", "")}";
    }
}
