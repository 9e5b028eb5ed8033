namespace Actors.Partitions;

/// <summary>A growable circular buffer: O(1) append at the back, removal at the front, and indexing.</summary>
internal sealed class RingBuffer<T>
{
    private T[] _items = new T[64];
    private int _head;

    public int Count { get; private set; }

    public T this[int index] => _items[(_head + index) % _items.Length];

    public T First => this[0];

    public void Add(T item)
    {
        if (Count == _items.Length) Grow();
        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    /// <summary>Puts <paramref name="item"/> before the first.</summary>
    public void AddFirst(T item)
    {
        if (Count == _items.Length) Grow();
        _head = (_head - 1 + _items.Length) % _items.Length;
        _items[_head] = item;
        Count++;
    }

    public T RemoveFirst()
    {
        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }

    /// <summary>The index of the first item for which <paramref name="atOrAfter"/> holds, given it is monotonic.</summary>
    public int BinarySearch(Func<T, bool> atOrAfter)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (atOrAfter(this[mid])) hi = mid;
            else lo = mid + 1;
        }

        return lo;
    }

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        for (var i = 0; i < Count; i++) bigger[i] = this[i];
        _items = bigger;
        _head = 0;
    }
}
