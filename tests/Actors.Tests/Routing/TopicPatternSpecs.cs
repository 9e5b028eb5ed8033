using Actors.Partitions;
using Actors.Routing;
using Actors.Topics;

namespace Actors.Tests.Routing;

public sealed class TopicPatternSpecs
{
    [Theory]
    [InlineData("orders.*", "orders.eu", true)]
    [InlineData("orders.*", "orders.us", true)]
    [InlineData("orders.*", "orders", false)]
    [InlineData("orders.*", "orders.eu.north", false)]
    [InlineData("orders.*", "payments.eu", false)]
    [InlineData("orders.*", "ordersx.eu", false)]
    [InlineData("*.eu", "orders.eu", true)]
    [InlineData("*.eu", "orders.us", false)]
    [InlineData("orders.>", "orders.eu", true)]
    [InlineData("orders.>", "orders.eu.north", true)]
    [InlineData("orders.>", "orders", false)]
    [InlineData(">", "anything.at.all", true)]
    [InlineData("orders.eu", "orders.eu", true)]
    [InlineData("orders.eu", "orders.euro", false)]
    [InlineData("orders.*.north", "orders.eu.north", true)]
    public void Should_match_topics_segment_by_segment(string pattern, string topic, bool expected)
    {
        // arrange
        var subject = new TopicPattern(pattern);

        // act
        var matches = subject.Matches(new TopicName(topic));

        // assert
        Assert.Equal(expected, matches);
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders..eu")]
    [InlineData("orders.>.eu")]
    [InlineData("orders.e*")]
    [InlineData("orders/eu")]
    [InlineData(".orders")]
    public void Should_refuse_a_malformed_pattern(string pattern)
    {
        // arrange, act
        var error = Record.Exception(() => new TopicPattern(pattern));

        // assert
        Assert.IsType<ArgumentException>(error);
    }

    [Fact]
    public void Should_compare_patterns_by_value() =>
        Assert.Equal(new TopicPattern("orders.*"), new TopicPattern("orders.*"));

    [Fact]
    public void Should_leave_out_dead_letter_topics_unless_asked()
    {
        // arrange
        var settings = new PatternSettings(new TopicPattern("orders.>"), new GroupName("g"), 10, StartFrom.Earliest);

        // act
        var byDefault = PatternSubscription.Wants(settings, new TopicName("orders.eu.dlq"), ".dlq");
        var whenAsked = PatternSubscription.Wants(settings with { IncludeDeadLetterTopics = true }, new TopicName("orders.eu.dlq"), ".dlq");

        // assert
        Assert.False(byDefault);
        Assert.True(whenAsked);
        Assert.True(PatternSubscription.Wants(settings, new TopicName("orders.eu"), ".dlq"));
    }
}
