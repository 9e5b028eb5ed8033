namespace Actors.Faults;

/// <summary>
/// The verdict on what was read back, as pure arithmetic. Lost: confirmed to the publisher, not stored.
/// Duplicates: stored copies of a message beyond its first. Order violations: a message stored after a later
/// message of its key (all of a key's messages are in one partition, so offsets give the stored order).
/// Unconfirmed stored: messages sent without a confirm that were stored anyway (harmless, at-least-once).
/// </summary>
internal sealed record FaultReport(int Confirmed, int Lost, int Duplicates, int OrderViolations, int UnconfirmedStored, int Foreign,
    IReadOnlyList<string> Examples)
{
    public bool Passed => Lost == 0 && OrderViolations == 0;

    public static FaultReport Of(Workload workload, Func<int, bool> confirmed, IReadOnlyList<StoredMessage> stored)
    {
        var examples = new List<string>();
        var copies = new int[workload.Count];
        var foreign = 0;
        foreach (var message in stored)
            if (message.Index < 0) foreign++;
            else copies[message.Index]++;

        var orderViolations = 0;
        foreach (var key in stored.Where(m => m.Index >= 0).GroupBy(m => m.Index % workload.Keys))
        {
            var highest = -1;
            var first = new HashSet<int>();
            foreach (var message in key.OrderBy(m => m.Partition).ThenBy(m => m.Offset))
            {
                var counter = message.Index / workload.Keys;
                if (!first.Add(counter)) continue;
                if (counter < highest)
                {
                    orderViolations++;
                    if (examples.Count < 5) examples.Add($"order: k{key.Key}:{counter} stored at {message.Partition}/{message.Offset}, after k{key.Key}:{highest}");
                }

                highest = Math.Max(highest, counter);
            }
        }

        int confirmedCount = 0, lost = 0, unconfirmedStored = 0;
        var lostRuns = new List<(int First, int Last, int Count)>();
        for (var i = 0; i < workload.Count; i++)
        {
            if (confirmed(i))
            {
                confirmedCount++;
                if (copies[i] > 0) continue;
                lost++;
                // Lost messages close together (within a publisher window) are one stretch: where a fault hit.
                if (lostRuns.Count > 0 && i - lostRuns[^1].Last <= 1000) lostRuns[^1] = (lostRuns[^1].First, i, lostRuns[^1].Count + 1);
                else lostRuns.Add((i, i, 1));
            }
            else if (copies[i] > 0) unconfirmedStored++;
        }

        foreach (var (first, last, count) in lostRuns.Take(10))
            examples.Add($"lost: {count:N0} between messages {first:N0} and {last:N0} (first: {workload.Payload(first)})");

        return new FaultReport(confirmedCount, lost, copies.Sum(c => Math.Max(0, c - 1)), orderViolations, unconfirmedStored, foreign, examples);
    }
}
