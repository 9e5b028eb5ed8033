using Actors.Topics;

namespace Actors.Tests.Topics;

/// <summary>Topic and group names: safe in actor names, persistence ids and file names; '.' and '..' are not names.</summary>
public sealed class NamesSpecs
{
    [Theory]
    [InlineData("orders")]
    [InlineData("orders.eu")]
    [InlineData("a_b-c.1")]
    [InlineData("...")]
    public void Should_accept_names_of_letters_digits_dots_underscores_and_dashes(string name)
    {
        Assert.True(TopicName.IsValid(name));
        Assert.Equal(name, new TopicName(name).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("orders\n")]
    [InlineData("orders\r\n")]
    public void Should_refuse_other_names_with_the_rule_in_one_line(string name)
    {
        Assert.False(TopicName.IsValid(name));
        var error = Assert.Throws<ArgumentException>(() => new TopicName(name));
        Assert.StartsWith($"invalid topic name '{name}': {TopicName.Rule}", error.Message);
        Assert.Throws<ArgumentException>(() => new GroupName(name));
    }

    [Fact]
    public void Should_refuse_a_name_longer_than_200_characters()
    {
        Assert.True(TopicName.IsValid(new string('a', 200)));
        Assert.False(TopicName.IsValid(new string('a', 201)));
    }
}
