using System.Collections.Concurrent;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using LogLevel = Akka.Event.LogLevel;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Actors.Nodes.Hosting;

/// <summary>
/// Akka's log events through Microsoft.Extensions.Logging, one plain line each: the category is the class
/// (or named source) that logged and the text is the message alone, so the console shows
/// <c>12:00:01.234 info: Actors.Nodes.Cluster.ClusterMembershipLogger[0] member up: akka.tcp://actors@127.0.0.1:4053</c>
/// instead of Akka's own level, timestamp, thread and path repeated inside every message.
/// </summary>
public sealed class NodeLogger : LoggerFactoryLogger
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _factory;

    public NodeLogger() =>
        _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory;

    protected override void Log(LogEvent log, ActorPath path)
    {
        var logger = _loggers.GetOrAdd(CategoryOf(log), _factory.CreateLogger);
        logger.Log(ToMicrosoft(log.LogLevel()), default, TextOf(log), log.Cause, static (message, _) => message);
    }

    /// <summary>The Microsoft.Extensions.Logging level that shows the same events as an Akka log level.</summary>
    public static MelLogLevel ToMicrosoft(LogLevel level) => level switch
    {
        LogLevel.DebugLevel => MelLogLevel.Debug,
        LogLevel.InfoLevel => MelLogLevel.Information,
        LogLevel.WarningLevel => MelLogLevel.Warning,
        LogLevel.ErrorLevel => MelLogLevel.Error,
        _ => MelLogLevel.None,
    };

    /// <summary>The formatted message; a format string that does not fit its arguments is logged as written.</summary>
    private static string TextOf(LogEvent log)
    {
        try
        {
            return log.Message?.ToString() ?? "";
        }
        catch (FormatException)
        {
            return log.Message is LogMessage message ? message.Format : "";
        }
    }

    /// <summary>
    /// The class that logged; for named sources (<c>Logging.GetLogger(system, "Cluster")</c>, which Akka shows
    /// as <c>Cluster (akka://actors)</c>) the name without the system.
    /// </summary>
    private static string CategoryOf(LogEvent log)
    {
        if (log.LogClass is { } type && type != typeof(DummyClassForStringSources)) return type.FullName ?? type.Name;
        var source = log.LogSource ?? "Akka";
        var cut = source.IndexOf(" (", StringComparison.Ordinal);
        return cut > 0 ? source[..cut] : source;
    }
}
