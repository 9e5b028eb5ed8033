namespace Actors.Testing;

/// <summary>
/// A running <c>actors node</c> process and the address it announced (<c>node starting at akka.tcp://...</c>),
/// so specs can start nodes on <c>--port 0</c> and still tell others where to join.
/// </summary>
public sealed record NodeProcess(CliProcess Process, string Address)
{
    private const string Announcement = "node starting at ";

    /// <summary><c>host:port</c>, as <c>--seed</c> and <c>--node</c> take it.</summary>
    public string HostPort => Address[(Address.IndexOf('@') + 1)..];

    /// <summary>Starts a node and waits until it has bound its port and printed its address.</summary>
    public static async Task<NodeProcess> StartAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = CliProcess.Start(workingDirectory, args, environment);
        try
        {
            var line = await process.WaitForLineAsync(Announcement, timeout);
            var address = line[(line.IndexOf(Announcement, StringComparison.Ordinal) + Announcement.Length)..].Split(' ')[0];
            return new NodeProcess(process, address);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }
}
