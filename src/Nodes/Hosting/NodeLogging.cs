using System.Text.Json;
using Actors.Nodes.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using LogLevel = Akka.Event.LogLevel;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Actors.Nodes.Hosting;

/// <summary>
/// The node's console: readable single lines (<c>12:00:01.234 info: Category[0] message</c>), or with
/// <see cref="NodeLogFormat.Json"/> one JSON object per line, as log shippers read them:
/// <c>{"Timestamp":"2026-01-01T12:00:01.234Z","EventId":0,"LogLevel":"Information","Category":"...","Message":"...","State":{...}}</c>,
/// where <c>State</c> holds the event's fields (see <see cref="NodeLogger"/>) and <c>Exception</c> the error, escaped
/// onto the same line. The host's own (<c>Microsoft.*</c>) lines only from warnings up, and never louder than the
/// node asked (OFF for <c>actors run</c>'s node). The same set-up serves the host and the start-up steps before it.
/// </summary>
internal static class NodeLogging
{
    public static ILoggingBuilder Configure(this ILoggingBuilder logging, LogLevel akkaLevel, NodeLogFormat format)
    {
        logging.ClearProviders();
        if (format == NodeLogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.UseUtcTimestamp = true;
                o.IncludeScopes = false;
                o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.IncludeScopes = false;
            });
        }

        var level = NodeLogger.ToMicrosoft(akkaLevel);
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", level > MelLogLevel.Warning ? level : MelLogLevel.Warning);
        return logging;
    }

    /// <summary>A logger for the steps before the host runs (waiting for storage); dispose it to flush.</summary>
    public static ILoggerFactory CreateFactory(NodeConfig node) =>
        LoggerFactory.Create(logging => logging.Configure(node.LogLevel, node.LogFormat));
}
