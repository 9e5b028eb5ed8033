using Actors.Routing;

namespace Actors.Tests.Routing;

public sealed class RouteeSelectorSpecs
{
    private static List<Routee> Routees(int count) =>
        Enumerable.Range(0, count).Select(i => new Routee(ActorRefs.Nobody, $"akka.tcp://sys@10.0.0.{i}:4053/user/worker")).ToList();

    private static IEnumerable<string> Keys(int count) => Enumerable.Range(0, count).Select(i => $"customer-{i}");

    [Fact]
    public void Should_send_a_key_to_the_same_routee_every_time_and_from_every_selector()
    {
        // arrange
        var routees = Routees(5);
        var first = new RouteeSelector(RoutingStrategy.ConsistentHashing);
        var second = new RouteeSelector(RoutingStrategy.ConsistentHashing);

        // act
        var picks = Keys(200).Select(k => (First: first.Select(routees, k).Single().Id, Again: first.Select(routees, k).Single().Id,
            Other: second.Select(routees.AsEnumerable().Reverse().ToList(), k).Single().Id)).ToList();

        // assert: the order the routees are listed in does not matter either
        Assert.All(picks, p => Assert.Equal(p.First, p.Again));
        Assert.All(picks, p => Assert.Equal(p.First, p.Other));
    }

    [Fact]
    public void Should_move_only_the_keys_of_a_removed_routee()
    {
        // arrange
        var routees = Routees(5);
        var selector = new RouteeSelector(RoutingStrategy.ConsistentHashing);
        var before = Keys(2000).ToDictionary(k => k, k => selector.Select(routees, k).Single().Id);
        var removed = routees[2];

        // act
        var after = Keys(2000).ToDictionary(k => k, k => selector.Select(routees.Where(r => r != removed).ToList(), k).Single().Id);

        // assert
        Assert.All(before.Where(b => b.Value != removed.Id), b => Assert.Equal(b.Value, after[b.Key]));
        Assert.DoesNotContain(removed.Id, after.Values);
    }

    [Fact]
    public void Should_spread_keys_over_all_routees()
    {
        // arrange
        var routees = Routees(4);
        var selector = new RouteeSelector(RoutingStrategy.ConsistentHashing);

        // act
        var counts = Keys(10_000).GroupBy(k => selector.Select(routees, k).Single().Id).ToDictionary(g => g.Key, g => g.Count());

        // assert: each gets a fair share (2,500 expected)
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 2_000, 3_000));
    }

    [Fact]
    public void Should_go_round_robin_in_turn_and_fall_back_to_it_without_a_key()
    {
        // arrange
        var routees = Routees(3);
        var roundRobin = new RouteeSelector(RoutingStrategy.RoundRobin);
        var hashing = new RouteeSelector(RoutingStrategy.ConsistentHashing);

        // act
        var turns = Enumerable.Range(0, 9).Select(_ => roundRobin.Select(routees, "same-key").Single().Id).ToList();
        var keyless = Enumerable.Range(0, 3).Select(_ => hashing.Select(routees, null).Single().Id).ToList();

        // assert
        Assert.Equal(Enumerable.Repeat(routees.Select(r => r.Id), 3).SelectMany(x => x), turns);
        Assert.Equal(routees.Select(r => r.Id), keyless);
    }

    [Fact]
    public void Should_broadcast_to_every_routee_and_pick_none_without_routees()
    {
        // arrange
        var routees = Routees(3);

        // act
        var all = new RouteeSelector(RoutingStrategy.Broadcast).Select(routees, "k");
        var none = new RouteeSelector(RoutingStrategy.RoundRobin).Select([], "k");

        // assert
        Assert.Equal(routees, all);
        Assert.Empty(none);
    }
}
