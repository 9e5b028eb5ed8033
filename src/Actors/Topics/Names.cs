using System.Text.RegularExpressions;

namespace Actors.Topics;

/// <summary>
/// A topic's name: 1-200 characters of letters, digits, '.', '_' and '-', so it is safe in actor names,
/// persistence ids and file names alike. Dots group topics (<c>orders.eu</c>) for pattern subscriptions.
/// </summary>
public sealed partial record TopicName
{
    public TopicName(string value)
    {
        if (!IsValid(value))
            throw new ArgumentException($"invalid topic name '{value}': {Rule}", nameof(value));
        Value = value;
    }

    public string Value { get; }

    /// <summary>What a valid name is, for error lines.</summary>
    public const string Rule = "use 1-200 letters, digits, '.', '_' or '-', and not '.' or '..'";

    /// <summary>
    /// Whether <paramref name="value"/> is a valid name. "." and ".." are not: they name folders in paths and
    /// Kafka refuses them too.
    /// </summary>
    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= 200 } and not ("." or "..") && NamePattern().IsMatch(value);

    /// <summary>
    /// Why a user may not create a topic named <paramref name="value"/>, as one line, or null when it may: the
    /// <see cref="Rule"/>, and no name ending in <paramref name="deadLetterSuffix"/>, which the system keeps for the
    /// dead-letter topic it creates beside each topic (<c>orders.dlq</c> beside <c>orders</c>).
    /// </summary>
    public static string? RefusedForUsers(string? value, string deadLetterSuffix) =>
        !IsValid(value) ? $"invalid topic name '{value}': {Rule}"
        : deadLetterSuffix.Length > 0 && value!.EndsWith(deadLetterSuffix, StringComparison.Ordinal)
            ? $"invalid topic name '{value}': {Rule}, and not ending in '{deadLetterSuffix}' (kept for the dead-letter topics the system creates)"
        : !IsValid(value + deadLetterSuffix)
            ? $"invalid topic name '{value}': {Rule}, leaving room for the dead-letter topic's '{deadLetterSuffix}' (at most {200 - deadLetterSuffix.Length} characters)"
            : null;

    public override string ToString() => Value;

    // \z, not $: $ also matches before a final newline, which let "orders\n" pass.
    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z")]
    private static partial Regex NamePattern();
}

/// <summary>A consumer group's name; same alphabet as <see cref="TopicName"/>.</summary>
public sealed record GroupName
{
    public GroupName(string value)
    {
        if (!TopicName.IsValid(value))
            throw new ArgumentException($"invalid group name '{value}': {TopicName.Rule}", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;

}
