namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// The <c>actors.streams.pipelines</c> settings (see the library's reference.conf for each one's meaning).
/// Built with <see cref="Create(ActorSystem)"/> or <see cref="Create(Config)"/>; immutable, changed with <c>with</c>.
/// </summary>
public sealed record PipelinesSettings(
    string? Role,
    TimeSpan HeartbeatInterval,
    TimeSpan SettleTime,
    TimeSpan MinBackoff,
    TimeSpan MaxBackoff,
    double RandomFactor,
    int MaxRestarts,
    TimeSpan AskTimeout,
    string JournalPlugin,
    TimeSpan RegistryMinBackoff,
    TimeSpan RegistryMaxBackoff)
{
    public static PipelinesSettings Create(ActorSystem system) => Create(system.Settings.Config);

    public static PipelinesSettings Create(Config config)
    {
        var c = config.WithFallback(StreamsSettings.DefaultConfig()).GetConfig("actors.streams.pipelines");
        var role = c.GetString("role");
        var settings = new PipelinesSettings(
            Role: string.IsNullOrEmpty(role) ? null : role,
            HeartbeatInterval: c.GetTimeSpan("heartbeat-interval"),
            SettleTime: c.GetTimeSpan("settle-time"),
            MinBackoff: c.GetTimeSpan("min-backoff"),
            MaxBackoff: c.GetTimeSpan("max-backoff"),
            RandomFactor: c.GetDouble("random-factor"),
            MaxRestarts: c.GetInt("max-restarts"),
            AskTimeout: c.GetTimeSpan("ask-timeout"),
            JournalPlugin: c.GetString("journal-plugin"),
            RegistryMinBackoff: c.GetTimeSpan("registry-min-backoff"),
            RegistryMaxBackoff: c.GetTimeSpan("registry-max-backoff"));
        if (settings.HeartbeatInterval <= TimeSpan.Zero) throw new ConfigurationException("actors.streams.pipelines.heartbeat-interval must be positive");
        if (settings.MinBackoff <= TimeSpan.Zero || settings.MaxBackoff < settings.MinBackoff)
            throw new ConfigurationException("actors.streams.pipelines: min-backoff must be positive and max-backoff at least min-backoff");
        if (settings.RegistryMinBackoff <= TimeSpan.Zero || settings.RegistryMaxBackoff < settings.RegistryMinBackoff)
            throw new ConfigurationException("actors.streams.pipelines: registry-min-backoff must be positive and registry-max-backoff at least registry-min-backoff");
        return settings;
    }

    /// <summary>How a failed pipeline is rerun (see <see cref="Supervision.PipelineSupervisor"/>); -1 restarts is never giving up.</summary>
    public RestartSettings Restart =>
        RestartSettings.Create(MinBackoff, MaxBackoff, RandomFactor).WithMaxRestarts(MaxRestarts < 0 ? int.MaxValue : MaxRestarts, MaxBackoff);
}
