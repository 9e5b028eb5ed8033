using Actors.Streams.Pipelines.Hosting;
using Microsoft.Data.Sqlite;

namespace Actors.Streams.Tests.Pipelines.Hosting;

/// <summary>
/// Journals written before the pipeline protocol moved from the messaging core to this library hold the
/// registry's events under the core's serializer (7301) and its manifests. They must still be read: the bytes
/// below are what the core's codecs wrote (field 1 name, 2 origin or state, 3 text), and a registry recovering
/// from a SQLite journal that holds them gets its pipelines back.
/// </summary>
public sealed class PipelineJournalMigrationSpecs : StreamsSpec, IDisposable
{
    private const int CoreSerializerId = 7301;

    // The registry's history as an older node journaled it: relay and counts submitted, counts completed, old submitted and stopped.
    private static readonly (string Manifest, string Hex, object Event)[] History =
    [
        ("prec", "0A0572656C6179120A72656C61792E636F6E661A19706970656C696E65207B206E616D65203D2072656C6179207D",
            new PipelineRecorded("relay", "relay.conf", "pipeline { name = relay }")),
        ("prec", "0A06636F756E7473120B636F756E74732E636F6E661A1A706970656C696E65207B206E616D65203D20636F756E7473207D",
            new PipelineRecorded("counts", "counts.conf", "pipeline { name = counts }")),
        ("pfin", "0A06636F756E74731209636F6D706C65746564", new PipelineFinished("counts", "completed")),
        ("prec", "0A036F6C6412086F6C642E636F6E661A17706970656C696E65207B206E616D65203D206F6C64207D",
            new PipelineRecorded("old", "old.conf", "pipeline { name = old }")),
        ("prem", "0A036F6C64", new PipelineRemoved("old")),
    ];

    private readonly string _folder;

    public PipelineJournalMigrationSpecs(ITestOutputHelper output) : this(output, Directory.CreateTempSubdirectory("actors-migration-").FullName)
    {
    }

    private PipelineJournalMigrationSpecs(ITestOutputHelper output, string folder) : base(output, $$"""
        akka.persistence.journal.sql { connection-string = "{{ConnectionString(folder)}}", provider-name = "SQLite.MS", auto-initialize = on }
        """) => _folder = folder;

    [Fact]
    public void Should_read_the_registrys_events_written_under_the_core_serializer_and_its_manifests()
    {
        foreach (var (manifest, hex, expected) in History)
        {
            var read = Sys.Serialization.Deserialize(Convert.FromHexString(hex), CoreSerializerId, manifest);

            Assert.Equal(expected, read);
        }
    }

    [Fact]
    public async Task Should_recover_the_pipelines_of_a_journal_written_before_the_move()
    {
        // arrange: a registry on the SQLite journal creates its tables; then the old history goes in as an older node wrote it
        var settings = PipelinesSettings.Create(Sys) with { JournalPlugin = "akka.persistence.journal.sql" };
        var first = Sys.ActorOf(PipelineRegistry.Props(settings));
        Assert.Empty((await first.Ask<PipelineList>(ListPipelines.Instance, Wait)).Pipelines);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, Wait);
        WriteOldHistory();

        // act: a registry starts again on that journal
        var second = Sys.ActorOf(PipelineRegistry.Props(settings));
        var pipelines = (await second.Ask<PipelineList>(ListPipelines.Instance, Wait)).Pipelines;

        // assert: relay waits for a host, counts is remembered as completed, old was stopped
        Assert.Equal([("counts", "completed"), ("relay", "pending")], pipelines.Select(p => (p.Name, p.State)));
    }

    public new void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string ConnectionString(string folder) => $"Data Source={Path.Combine(folder, "journal.db").Replace("\\", "/")}";

    /// <summary>Rows as Akka.Persistence.Sql writes them, with the serializer id and manifest the core gave the events.</summary>
    private void WriteOldHistory()
    {
        using var connection = new SqliteConnection(ConnectionString(_folder));
        connection.Open();
        var sequenceNr = 0;
        foreach (var (manifest, hex, _) in History)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid)
                VALUES (0, 'pipeline-registry', $seq, $created, $message, $identifier, $manifest, $writer)
                """;
            insert.Parameters.AddWithValue("$seq", ++sequenceNr);
            insert.Parameters.AddWithValue("$created", DateTime.UtcNow.Ticks);
            insert.Parameters.AddWithValue("$message", Convert.FromHexString(hex));
            insert.Parameters.AddWithValue("$identifier", CoreSerializerId);
            insert.Parameters.AddWithValue("$manifest", manifest);
            insert.Parameters.AddWithValue("$writer", "an-older-node");
            insert.ExecuteNonQuery();
        }
    }
}
