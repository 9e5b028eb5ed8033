namespace Actors.Tests.Storage;

/// <summary>
/// A fact that needs a PostgreSQL server: it runs when <c>ACTORS_TEST_POSTGRES</c> holds a connection
/// string (<c>.ci/run</c> starts a throwaway server and sets it) and is skipped, saying so, otherwise.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "ACTORS_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            Skip = $"needs PostgreSQL: set {Variable} to a connection string (bash .ci/run starts a server and sets it)";
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
