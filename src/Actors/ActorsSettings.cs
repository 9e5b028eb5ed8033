using System.Reflection;

namespace Actors;

/// <summary>
/// Entry point to the messaging core's HOCON: the embedded <c>reference.conf</c> under the
/// <c>actors</c> root key, which nodes add below their own files so every setting has a documented default.
/// </summary>
public static class ActorsSettings
{
    private static readonly Lazy<Config> Reference = new(() => EmbeddedConfig.Load(typeof(ActorsSettings).Assembly, "Actors.reference.conf"));

    /// <summary>The library defaults, to be used as a fallback below a node's own configuration.</summary>
    public static Config DefaultConfig() => Reference.Value;
}

/// <summary>Reads a HOCON file embedded in an assembly.</summary>
public static class EmbeddedConfig
{
    public static Config Load(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"embedded resource {resourceName} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
