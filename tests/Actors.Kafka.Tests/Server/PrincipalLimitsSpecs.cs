namespace Actors.Kafka.Server;

/// <summary>
/// The per-principal limits of a listener: connections counted per principal up to the maximum and freed on close;
/// a request-rate bucket per principal that lets a second's worth through at once and then asks for a wait
/// proportional to how far over the rate it is, without touching other principals.
/// </summary>
public sealed class PrincipalLimitsSpecs
{
    [Fact]
    public void Should_count_connections_per_principal_up_to_the_maximum()
    {
        // arrange
        var limits = new PrincipalLimits(maxConnections: 2, maxRequestsPerSecond: 0);

        // act
        var admitted = new[] { limits.TryOpen("alice"), limits.TryOpen("alice"), limits.TryOpen("alice"), limits.TryOpen("bob") };
        limits.Close("alice");
        var again = limits.TryOpen("alice");

        // assert
        Assert.Equal([true, true, false, true], admitted);
        Assert.True(again);
        Assert.Equal(2, limits.Connections("alice"));
    }

    [Fact]
    public void Should_delay_a_principal_over_its_request_rate_and_no_one_else()
    {
        // arrange: a clock that moves only when told, so a slow machine changes nothing
        var clock = new ManualTime();
        var limits = new PrincipalLimits(maxConnections: 10, maxRequestsPerSecond: 100, clock);

        // act
        var burst = Enumerable.Range(0, 100).Select(_ => limits.Take("alice")).ToList();
        var over = Enumerable.Range(0, 50).Select(_ => limits.Take("alice")).ToList()[^1];
        var other = limits.Take("bob");
        clock.Advance(TimeSpan.FromSeconds(1));
        var later = limits.Take("alice");

        // assert: a second's worth at once, then 50 over the rate wait half a second; a second later 50 are back
        Assert.All(burst, d => Assert.Equal(TimeSpan.Zero, d));
        Assert.Equal(500, over.TotalMilliseconds, precision: 6);
        Assert.Equal(TimeSpan.Zero, other);
        Assert.Equal(TimeSpan.Zero, later);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
