using System.Collections;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using LogLevel = Akka.Event.LogLevel;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Actors.Nodes.Hosting;

/// <summary>
/// Akka's log events through Microsoft.Extensions.Logging, one plain line each: the category is the class
/// (or named source) that logged and the text is the message alone, so the console shows
/// <c>12:00:01.234 info: Actors.Nodes.Cluster.ClusterMembershipLogger[0] member up: akka.tcp://actors@127.0.0.1:4053</c>
/// instead of Akka's own level, timestamp, thread and path repeated inside every message. Each event is shown at
/// the level <see cref="LogPolicy"/> gives it, and carries its template's named values and the logging actor's
/// path as fields, which the JSON format writes out (<see cref="NodeLogging"/>). The moments no logger actor runs
/// (start-up, shutdown) go the same way through <see cref="NodeStdoutLogger"/>.
/// </summary>
public sealed class NodeLogger : LoggerFactoryLogger
{
    private readonly ILoggerFactory _factory;

    public NodeLogger() =>
        _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory;

    protected override void Log(LogEvent log, ActorPath path) => Write(_factory, log);

    /// <summary>
    /// Writes <paramref name="log"/> through <paramref name="factory"/> at the level <see cref="LogPolicy"/> gives it
    /// (the factory's filter drops what the policy moved below the node's level). A factory already disposed (the
    /// host has stopped) drops it.
    /// </summary>
    public static void Write(ILoggerFactory factory, LogEvent log)
    {
        var category = CategoryOf(log);
        var text = TextOf(log);
        // The cause counts too: remoting's "Error caught channel" says what went wrong only in its exception.
        var level = ToMicrosoft(LogPolicy.LevelOf(category, log.LogLevel(), text, log.Cause is null ? null : $"{log.Cause.GetType().Name}: {log.Cause.Message}"));
        try
        {
            factory.CreateLogger(category).Log(level, default, new LogState(text, log), log.Cause, static (state, _) => state.Text);
        }
        catch (ObjectDisposedException)
        {
        }
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

    /// <summary>
    /// An event's fields as Microsoft.Extensions.Logging reads structured state: the named values of its template
    /// (<c>member up: {Address}</c> gives <c>Address</c>), the template itself and the actor that logged.
    /// </summary>
    private sealed class LogState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _fields = [];

        public LogState(string text, LogEvent log)
        {
            Text = text;
            if (log.Message is LogMessage message)
            {
                foreach (var (name, value) in SafeProperties(message))
                    if (!char.IsAsciiDigit(name[0])) _fields.Add(new(name, value));
                _fields.Add(new("{OriginalFormat}", message.Format));
            }

            if (log.LogSource is { } source) _fields.Add(new("Source", source));
        }

        public string Text { get; }

        public int Count => _fields.Count;

        public KeyValuePair<string, object?> this[int index] => _fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Text;

        private static IEnumerable<KeyValuePair<string, object>> SafeProperties(LogMessage message)
        {
            try
            {
                return message.GetProperties().Where(p => p.Key.Length > 0).ToList();
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException)
            {
                return [];
            }
        }
    }
}
