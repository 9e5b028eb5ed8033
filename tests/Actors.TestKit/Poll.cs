namespace Actors.Testing;

/// <summary>
/// Waits on a condition instead of sleeping: polls it until it holds or the timeout passes, then fails with the
/// reason (<c>timed out after 60 s waiting for: the survivors downed the dead node</c>), the first line to read
/// when a spec fails. A timed-out ask counts as "not yet", because a cluster that is still moving a singleton or
/// a shard answers late rather than wrong.
/// </summary>
public static class Poll
{
    /// <summary>How often a condition is polled.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> until it holds; a <see cref="TimeoutException"/> naming <paramref name="reason"/> after <paramref name="timeout"/>.</summary>
    public static Task Until(Func<bool> condition, TimeSpan timeout, string reason) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, reason);

    /// <summary>Polls an asynchronous <paramref name="condition"/> until it holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string reason) =>
        await UntilAsync(condition, done => done, timeout, reason);

    /// <summary>
    /// Calls <paramref name="attempt"/> until its result is <paramref name="done"/>, and returns that result; the
    /// timeout message ends with the last result, as <paramref name="describe"/> puts it, when one came back.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, TimeSpan timeout, string reason,
        Func<T, string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        var last = default(T);
        var any = false;
        while (true)
        {
            try
            {
                last = await attempt();
                any = true;
                if (done(last)) return last;
            }
            catch (Exception ex) when (ex is TimeoutException or AskTimeoutException)
            {
            }

            if (clock.Elapsed > timeout)
            {
                var lastSeen = any && describe is not null ? $"; last: {describe(last!)}" : "";
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for: {reason}{lastSeen}");
            }

            await Task.Delay(Interval);
        }
    }
}
