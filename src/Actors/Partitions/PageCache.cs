namespace Actors.Partitions;

/// <summary>
/// The pages a partition read back from its journal, least recently used first out, within a bound in bytes
/// (the newest page stays even when it alone is over the bound, so the reader that asked for it gets it).
/// </summary>
internal sealed class PageCache(long maxBytes)
{
    private readonly Dictionary<long, LinkedListNode<LoadedPage>> _byKey = [];
    private readonly LinkedList<LoadedPage> _recent = new();

    public long Bytes { get; private set; }
    public int Count => _byKey.Count;

    public bool TryGet(long key, out LoadedPage page)
    {
        if (!_byKey.TryGetValue(key, out var node))
        {
            page = null!;
            return false;
        }

        if (node != _recent.First)
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
        }

        page = node.Value;
        return true;
    }

    public bool Contains(long key) => _byKey.ContainsKey(key);

    public void Add(LoadedPage page)
    {
        Remove(page.Key);
        _byKey[page.Key] = _recent.AddFirst(page);
        Bytes += page.Bytes;
        while (Bytes > maxBytes && _recent.Count > 1) Remove(_recent.Last!.Value.Key);
    }

    /// <summary>Forgets the page used least recently.</summary>
    public void RemoveLeastRecent()
    {
        if (_recent.Last is { } last) Remove(last.Value.Key);
    }

    public void Remove(long key)
    {
        if (!_byKey.Remove(key, out var node)) return;
        _recent.Remove(node);
        Bytes -= node.Value.Bytes;
    }
}
