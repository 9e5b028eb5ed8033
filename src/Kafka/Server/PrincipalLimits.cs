using System.Collections.Concurrent;

namespace Actors.Kafka.Server;

/// <summary>
/// Per-principal limits of one listener: how many connections a principal may hold open, and how many requests per
/// second its connections together may send (a token bucket per principal, refilled continuously, one second of
/// burst). Over the rate, a connection waits before it reads the next request, so its answers come late by as
/// much as the bucket is short: the client slows down as under a Kafka quota (no request is refused or dropped).
/// </summary>
public sealed class PrincipalLimits(int maxConnections, int maxRequestsPerSecond, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Counts a connection of <paramref name="principal"/>; false (not counted) when it has the maximum open.</summary>
    public bool TryOpen(string principal)
    {
        while (true)
        {
            var count = _connections.GetOrAdd(principal, 0);
            if (count >= maxConnections) return false;
            if (_connections.TryUpdate(principal, count + 1, count)) return true;
        }
    }

    /// <summary>Uncounts a connection that <see cref="TryOpen"/> counted.</summary>
    public void Close(string principal) => _connections.AddOrUpdate(principal, 0, (_, count) => Math.Max(0, count - 1));

    /// <summary>Connections of <paramref name="principal"/> open now.</summary>
    public int Connections(string principal) => _connections.GetValueOrDefault(principal);

    /// <summary>Takes one request from <paramref name="principal"/>'s bucket: how long to wait before serving it (zero when within the rate).</summary>
    public TimeSpan Take(string principal)
    {
        if (maxRequestsPerSecond <= 0) return TimeSpan.Zero;
        var bucket = _buckets.GetOrAdd(principal, _ => new Bucket(maxRequestsPerSecond, _time));
        return bucket.Take();
    }

    private sealed class Bucket(int rate, TimeProvider time)
    {
        private readonly Lock _gate = new();
        private double _tokens = rate;
        private long _last = time.GetTimestamp();

        public TimeSpan Take()
        {
            lock (_gate)
            {
                var now = time.GetTimestamp();
                _tokens = Math.Min(rate, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * rate));
                _last = now;
                _tokens -= 1;
                return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / rate);
            }
        }
    }
}
