using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// A message weighs more (payload, and key and headers as UTF-8) than its topic's <c>max-message-size</c> or the
/// client's own: refused before it is sent. The message is one line: <c>message of X bytes is over the limit of 1 MiB</c>.
/// </summary>
public sealed class MessageTooLargeException(long size, long limit) : ArgumentException(TopicMessage.TooLarge(size, limit))
{
    /// <summary>What the message weighs.</summary>
    public long Size { get; } = size;

    /// <summary>The most it may weigh.</summary>
    public long Limit { get; } = limit;
}
