namespace Actors.Routing;

/// <summary>
/// The name routees register under and routers route to (<c>"billing"</c>, <c>"pricing.eu"</c>); same
/// alphabet as <see cref="Topics.TopicName"/>, so it is safe in actor names too.
/// </summary>
public sealed record ServiceName
{
    public ServiceName(string value)
    {
        if (!Topics.TopicName.IsValid(value))
            throw new ArgumentException($"invalid service name '{value}': {Topics.TopicName.Rule}", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;

}
