namespace Actors;

/// <summary>
/// Reads one settings record's HOCON section strictly. Every key has its documented default in the library's
/// <c>reference.conf</c>, so a missing section or key is a configuration error (the node forgot
/// <see cref="ActorsSettings.DefaultConfig"/> as its fallback), never a silent default written in code.
/// </summary>
internal sealed class SettingsSection
{
    private readonly Config _config;
    private readonly string _path;

    public SettingsSection(Config config, string path)
    {
        _path = path;
        _config = config.GetConfig(path) is { IsEmpty: false } section
            ? section
            : throw new ConfigurationException($"missing {path} settings: add ActorsSettings.DefaultConfig() as the configuration's fallback");
    }

    public bool Boolean(string key) => Required(key).GetBoolean(key);

    public string String(string key) => Required(key).GetString(key);

    public int Int(string key) => Required(key).GetInt(key);

    public int PositiveInt(string key) => Positive(Int(key), key);

    public long PositiveLong(string key) => Positive(Required(key).GetLong(key), key);

    /// <summary>A positive count, or <c>unlimited</c> (<see cref="long.MaxValue"/>).</summary>
    public long PositiveLongOrUnlimited(string key)
    {
        var text = Required(key).GetString(key)?.Trim();
        if (string.Equals(text, "unlimited", StringComparison.OrdinalIgnoreCase)) return long.MaxValue;
        return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ConfigurationException($"{_path}.{key} must be a positive number or unlimited, was '{text}'");
    }

    /// <summary>A positive size (<c>10 GiB</c>), or <c>unlimited</c> (<see cref="long.MaxValue"/>).</summary>
    public long PositiveBytesOrUnlimited(string key)
    {
        var text = Required(key).GetString(key)?.Trim();
        return Actors.Topics.Sizes.ParsePositiveOrUnlimited(text)
            ?? throw new ConfigurationException($"{_path}.{key} must be a positive size (such as 10 GiB) or unlimited, was '{text}'");
    }

    /// <summary>The overflow policy: <c>drop-oldest</c> or <c>reject-publish</c>.</summary>
    public Actors.Topics.OverflowPolicy Overflow(string key)
    {
        var text = Required(key).GetString(key)?.Trim();
        return Actors.Topics.OverflowPolicies.Parse(text)
            ?? throw new ConfigurationException($"{_path}.{key} must be drop-oldest or reject-publish, was '{text}'");
    }

    /// <summary>The cleanup policy: <c>delete</c>, <c>compact</c> or <c>delete,compact</c>.</summary>
    public Actors.Topics.CleanupPolicy Cleanup(string key)
    {
        var text = Required(key).GetString(key)?.Trim();
        return Actors.Topics.CleanupPolicies.Parse(text)
            ?? throw new ConfigurationException($"{_path}.{key} must be delete, compact or delete,compact, was '{text}'");
    }

    /// <summary>A number from 0 to 1 (inclusive).</summary>
    public double Ratio(string key)
    {
        var value = Required(key).GetDouble(key);
        return value is >= 0 and <= 1 ? value : throw new ConfigurationException($"{_path}.{key} must be a number from 0 to 1, was {value}");
    }

    public long PositiveBytes(string key) => Positive(Required(key).GetByteSize(key) ?? 0, key);

    public TimeSpan PositiveDuration(string key)
    {
        var value = Required(key).GetTimeSpan(key);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"{_path}.{key} must be positive, was {value}");
    }

    public TimeSpan NonNegativeDuration(string key)
    {
        var value = Required(key).GetTimeSpan(key);
        return value >= TimeSpan.Zero ? value : throw new ConfigurationException($"{_path}.{key} must not be negative, was {value}");
    }

    private Config Required(string key) =>
        _config.HasPath(key) ? _config : throw new ConfigurationException($"missing {_path}.{key}: add ActorsSettings.DefaultConfig() as the configuration's fallback");

    private T Positive<T>(T value, string key) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ConfigurationException($"{_path}.{key} must be positive, was {value}");
}
