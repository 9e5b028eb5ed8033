using System.Collections.Concurrent;
using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// The edge's questions to the topic registry (a cluster singleton, reachable from any node): a topic's spec,
/// created on the way when the caller may auto-create and <c>actors.topics.auto-create</c> allows, and the list of
/// all topics. A name Kafka allows but Actors does not (<see cref="TopicName.Rule"/>) is simply not found. Specs found
/// are kept, so the produces and fetches of a busy client cost no registry round trip each (and a produce whose topic
/// is cached reaches its partition before its handler first awaits): a spec older than <see cref="CacheFor"/> is
/// still answered while one lookup in the background refreshes it, so requests never wait on the registry for a topic
/// they used before, not even while the registry's singleton moves after its node died (that took a request timeout:
/// a lookup sent to the dead singleton is never answered). A topic deleted meanwhile is refused by its partitions,
/// which ask the registry themselves; the refresh then forgets it.
/// </summary>
public sealed class EdgeTopics(Broker broker, TimeSpan timeout)
{
    /// <summary>How long a spec found is used before a request for it starts a refresh.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>How long a listing waits for the registry before it answers with the last list known.</summary>
    public static readonly TimeSpan ListPatience = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (TopicSpec Spec, DateTime Until)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refreshing = new(StringComparer.Ordinal);
    private IReadOnlyList<TopicSpec>? _lastList;

    /// <summary>The spec of <paramref name="name"/>, or null when there is no such topic (and it was not created).</summary>
    public Task<TopicSpec?> FindAsync(string name, bool create, CancellationToken cancellationToken)
    {
        if (!TopicName.IsValid(name)) return Task.FromResult<TopicSpec?>(null);
        if (!_cache.TryGetValue(name, out var cached)) return LookUpAsync(name, create, cancellationToken);
        if (cached.Until <= DateTime.UtcNow && _refreshing.TryAdd(name, true)) _ = RefreshAsync(name);
        return Task.FromResult<TopicSpec?>(cached.Spec);
    }

    private async Task RefreshAsync(string name)
    {
        try
        {
            await LookUpAsync(name, create: false, CancellationToken.None);
        }
        catch (Exception ex) when (ex is AskTimeoutException or OperationCanceledException)
        {
            // The registry did not answer (moving): the spec known stays in use until a later refresh gets through.
        }
        finally
        {
            _refreshing.TryRemove(name, out _);
        }
    }

    private async Task<TopicSpec?> LookUpAsync(string name, bool create, CancellationToken cancellationToken)
    {
        var reply = await AskRegistryAsync<object>(new GetTopic(new TopicName(name), create && broker.Settings.AutoCreate), cancellationToken);
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

    /// <summary>
    /// Every topic's spec, asked of the registry each time; when it does not answer within <see cref="ListPatience"/>
    /// (its singleton moving) the last list it gave is answered instead, and the late answer replaces it.
    /// </summary>
    public async Task<IReadOnlyList<TopicSpec>> ListAsync(CancellationToken cancellationToken)
    {
        var asking = ListFreshAsync();
        if (Volatile.Read(ref _lastList) is not { } last) return await asking.WaitAsync(cancellationToken);
        var first = await Task.WhenAny(asking, Task.Delay(ListPatience, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return first == asking && asking.IsCompletedSuccessfully ? asking.Result : last;
    }

    private async Task<IReadOnlyList<TopicSpec>> ListFreshAsync()
    {
        var list = (await AskRegistryAsync<TopicList>(ListTopics.Instance, CancellationToken.None)).Topics;
        Volatile.Write(ref _lastList, list);
        return list;
    }

    /// <summary>
    /// Asks the registry (lookups and creations are idempotent), again after 2, 4, 8 ... seconds without an answer,
    /// within the request timeout: a question its proxy sent to a singleton whose node just died is never answered,
    /// and the next one reaches the singleton on its new node.
    /// </summary>
    private async Task<T> AskRegistryAsync<T>(object question, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var attempt = TimeSpan.FromSeconds(2);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var wait = left < attempt * 2 ? left : attempt;
            try
            {
                return await broker.Registry.Ask<T>(question, wait > TimeSpan.FromMilliseconds(100) ? wait : TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (AskTimeoutException) when (deadline - DateTime.UtcNow > TimeSpan.FromMilliseconds(100))
            {
                attempt *= 2;
            }
        }
    }

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
