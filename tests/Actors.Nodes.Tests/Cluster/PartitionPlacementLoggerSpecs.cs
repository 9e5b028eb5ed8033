using Actors.Nodes.Cluster;

namespace Actors.Nodes.Tests.Cluster;

/// <summary>The line a node logs when partitions start or stop on it: nothing when nothing moved, long lists cut short.</summary>
public sealed class PartitionPlacementLoggerSpecs
{
    [Fact]
    public void Should_say_nothing_when_nothing_moved()
    {
        Assert.Null(PartitionPlacementLogger.Describe(Set("a:0", "a:1"), Set("a:1", "a:0")));
    }

    [Fact]
    public void Should_list_what_started_and_stopped_here()
    {
        // act
        var change = PartitionPlacementLogger.Describe(Set("a:0", "a:1"), Set("a:1", "b:3", "b:2"));

        // assert
        Assert.Equal((3, "b:2, b:3", "a:0"), change);
    }

    [Fact]
    public void Should_cut_a_long_list_short()
    {
        // act
        var change = PartitionPlacementLogger.Describe(Set(), Set(Enumerable.Range(0, 12).Select(i => $"t:{i:00}").ToArray()));

        // assert
        Assert.Equal((12, "t:00, t:01, t:02, t:03, t:04, t:05, t:06, t:07 and 4 more", "none"), change);
    }

    private static HashSet<string> Set(params string[] partitions) => partitions.ToHashSet(StringComparer.Ordinal);
}
