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

    /// <summary>Where Kafka clients reach the node (<c>kafka=host:port</c> in its start line); null when its listener is off.</summary>
    public string? KafkaAddress { get; init; }

    /// <summary>Where the node's HTTP endpoint listens (<c>http=host:port</c> in its start line); null when it is off.</summary>
    public string? HttpAddress { get; init; }

    /// <summary>Starts a node and waits until it has bound its port and printed its address.</summary>
    public static async Task<NodeProcess> StartAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = CliProcess.Start(workingDirectory, args, environment);
        try
        {
            var line = await process.WaitForLineAsync(Announcement, timeout);
            var words = line[(line.IndexOf(Announcement, StringComparison.Ordinal) + Announcement.Length)..].Split(' ');
            var kafka = words.FirstOrDefault(w => w.StartsWith("kafka=", StringComparison.Ordinal))?["kafka=".Length..];
            var http = words.FirstOrDefault(w => w.StartsWith("http=", StringComparison.Ordinal))?["http=".Length..];
            return new NodeProcess(process, words[0]) { KafkaAddress = kafka, HttpAddress = http };
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }
}
