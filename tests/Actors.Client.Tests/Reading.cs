using System.Text;
using Actors.Topics;

namespace Actors.Client.Tests;

/// <summary>How the client specs read a topic as code that is not an actor does.</summary>
internal static class Reading
{
    /// <summary>
    /// Reads <paramref name="count"/> messages of <paramref name="topic"/> as a member of <paramref name="group"/>, acks
    /// each, and leaves (the enumeration ends); their bodies as text, in the order they came. Fewer when none came
    /// within <paramref name="wait"/>.
    /// </summary>
    public static async Task<List<string>> ReadAsync(GatewayClient client, TopicName topic, string group, int count, TimeSpan wait)
    {
        using var deadline = new CancellationTokenSource(wait);
        var bodies = new List<string>();
        await foreach (var message in client.ConsumeAsync(topic, new GroupName(group), cancellationToken: deadline.Token))
        {
            bodies.Add(Encoding.UTF8.GetString(message.Payload));
            message.Ack();
            if (bodies.Count == count) break;
        }

        return bodies;
    }
}
