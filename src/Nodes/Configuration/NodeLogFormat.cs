namespace Actors.Nodes.Configuration;

/// <summary>How a node writes its log lines (<c>--log-format</c>, <c>ACTORS_LOG_FORMAT</c>, <c>actors.node.log-format</c>).</summary>
public enum NodeLogFormat
{
    /// <summary>One readable line per event: time, level, logger, message.</summary>
    Text,

    /// <summary>One JSON object per line (time, level, logger, message and the event's fields), for log shippers.</summary>
    Json,
}

/// <summary>Reads a <see cref="NodeLogFormat"/> from its text, as every layer writes it.</summary>
public static class NodeLogFormats
{
    public static bool TryParse(string text, out NodeLogFormat format)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "text":
                format = NodeLogFormat.Text;
                return true;
            case "json":
                format = NodeLogFormat.Json;
                return true;
            default:
                format = default;
                return false;
        }
    }
}
