namespace Actors.Nodes.Tests.Observe;

/// <summary>
/// A fact that drives Debian's chromium (<c>ACTORS_TEST_CHROMIUM</c>, else <c>/usr/bin/chromium</c>; <c>.ci/chromium.sh</c>
/// installs it for <c>.ci/run</c>). Without the browser it is skipped on a developer's machine, saying how to get it;
/// under CI (<c>CI=true</c>) it runs anyway and fails with that line, since CI must run every spec.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Variable = "ACTORS_TEST_CHROMIUM";

    public ChromiumFactAttribute()
    {
        if (Path is null && Environment.GetEnvironmentVariable("CI") != "true") Skip = Missing;
    }

    /// <summary>The one line for a machine without the browser.</summary>
    public static string Missing => $"needs Debian's chromium: apt-get install -y chromium, or set {Variable} to the browser binary (bash .ci/run installs it)";

    /// <summary>The browser binary, or null when it is not there.</summary>
    public static string? Path =>
        (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given : "/usr/bin/chromium") is var path && File.Exists(path) ? path : null;
}
