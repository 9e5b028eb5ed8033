using System.Collections.Concurrent;
using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// The edge's questions to the topic registry (a cluster singleton, reachable from any node): a topic's spec,
/// created on the way when the caller may auto-create and <c>actors.topics.auto-create</c> allows, and the list of
/// all topics. A name Kafka allows but Actors does not (<see cref="TopicName.Rule"/>) is simply not found. Specs found
/// are kept for <see cref="CacheFor"/>, so the produces and fetches of a busy client cost no registry round trip each
/// (and a produce whose topic is cached reaches its partition before its handler first awaits); a topic deleted
/// meanwhile is refused by its partitions, which ask the registry themselves.
/// </summary>
public sealed class EdgeTopics(Broker broker, TimeSpan timeout)
{
    /// <summary>How long a spec found is used without asking the registry again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (TopicSpec Spec, DateTime Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The spec of <paramref name="name"/>, or null when there is no such topic (and it was not created).</summary>
    public async Task<TopicSpec?> FindAsync(string name, bool create, CancellationToken cancellationToken)
    {
        if (!TopicName.IsValid(name)) return null;
        if (_cache.TryGetValue(name, out var cached) && cached.Until > DateTime.UtcNow) return cached.Spec;
        var reply = await broker.Registry.Ask<object>(new GetTopic(new TopicName(name), create && broker.Settings.AutoCreate), timeout, cancellationToken);
        if (reply is not TopicInfo info)
        {
            _cache.TryRemove(name, out _);
            return null;
        }

        _cache[name] = (info.Spec, DateTime.UtcNow + CacheFor);
        return info.Spec;
    }

    /// <summary>Forgets a topic this node deletes, so its next use asks the registry.</summary>
    public void Forget(string name) => _cache.TryRemove(name, out _);

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

    private Task<TopicSpec?> FindOrNullAsync(string name, bool create, CancellationToken cancellationToken)
    {
        var finding = FindAsync(name, create, cancellationToken);
        return finding.IsCompletedSuccessfully ? finding : OrNull(finding);

        static async Task<TopicSpec?> OrNull(Task<TopicSpec?> finding)
        {
            try
            {
                return await finding;
            }
            catch (AskTimeoutException)
            {
                return null;
            }
        }
    }
}
