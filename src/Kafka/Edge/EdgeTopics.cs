using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// The edge's questions to the topic registry (a cluster singleton, reachable from any node): a topic's spec,
/// created on the way when the caller may auto-create and <c>actors.topics.auto-create</c> allows, and the list of
/// all topics. A name Kafka allows but Actors does not (<see cref="TopicName.Rule"/>) is simply not found.
/// </summary>
public sealed class EdgeTopics(Broker broker, TimeSpan timeout)
{
    /// <summary>The spec of <paramref name="name"/>, or null when there is no such topic (and it was not created).</summary>
    public async Task<TopicSpec?> FindAsync(string name, bool create, CancellationToken cancellationToken)
    {
        if (!TopicName.IsValid(name)) return null;
        var reply = await broker.Registry.Ask<object>(new GetTopic(new TopicName(name), create && broker.Settings.AutoCreate), timeout, cancellationToken);
        return reply is TopicInfo info ? info.Spec : null;
    }

    /// <summary>Every topic's spec.</summary>
    public async Task<IReadOnlyList<TopicSpec>> ListAsync(CancellationToken cancellationToken) =>
        (await broker.Registry.Ask<TopicList>(ListTopics.Instance, timeout, cancellationToken)).Topics;

    /// <summary>The specs of <paramref name="names"/>, each looked up once (in parallel).</summary>
    public async Task<Dictionary<string, TopicSpec?>> FindAllAsync(IEnumerable<string> names, bool create, CancellationToken cancellationToken)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        var specs = await Task.WhenAll(distinct.Select(n => FindOrNullAsync(n, create, cancellationToken)));
        return distinct.Zip(specs).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
    }

    private async Task<TopicSpec?> FindOrNullAsync(string name, bool create, CancellationToken cancellationToken)
    {
        try
        {
            return await FindAsync(name, create, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
