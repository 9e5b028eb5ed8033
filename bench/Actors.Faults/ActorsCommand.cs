namespace Actors.Faults;

/// <summary>
/// The built <c>actors</c> command, copied beside this program by its reference to src/Nodes: the apphost when
/// there is one, else <c>dotnet Actors.Nodes.dll</c>. The suite runs exactly what a user runs.
/// </summary>
internal static class ActorsCommand
{
    public static string[] Path { get; } = Find();

    /// <summary>The folder the node's HOCON files were copied to (<c>hocon/fast-failover.conf</c>).</summary>
    public static string HoconFolder => System.IO.Path.Combine(AppContext.BaseDirectory, "hocon");

    private static string[] Find()
    {
        var dll = System.IO.Path.Combine(AppContext.BaseDirectory, "Actors.Nodes.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"no Actors.Nodes.dll in {AppContext.BaseDirectory}: build the suite (it references src/Nodes)");
        var apphost = System.IO.Path.ChangeExtension(dll, OperatingSystem.IsWindows() ? ".exe" : null);
        return File.Exists(apphost) ? [apphost] : ["dotnet", dll];
    }
}
