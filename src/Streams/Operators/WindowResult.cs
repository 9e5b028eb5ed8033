namespace Actors.Streams.Operators;

/// <summary>The elements of one key that fell in the window [<paramref name="Start"/>, <paramref name="End"/>).</summary>
public sealed record WindowResult<TKey, T>(TKey Key, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<T> Elements);
