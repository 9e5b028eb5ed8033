namespace Actors.Security;

/// <summary>
/// Where a node's or client's TLS material lies: a certificate and its key as PEM files (<see cref="Cert"/>,
/// <see cref="Key"/>) or both in one PKCS#12 file (<see cref="Pfx"/>, with <see cref="Password"/>), and the
/// cluster's CA certificate (<see cref="Ca"/>), which every peer's certificate must be signed by. Null everywhere: no TLS.
/// </summary>
public sealed record TlsFiles(string? Cert = null, string? Key = null, string? Ca = null, string? Pfx = null, string? Password = null)
{
    public static TlsFiles None { get; } = new();

    /// <summary>True when any file is named: TLS is asked for (and <see cref="TlsCredentials.Load"/> checks the rest).</summary>
    public bool Any => Cert is not null || Key is not null || Ca is not null || Pfx is not null;

    /// <summary>Each value unset here taken from <paramref name="fallback"/> (options over variables over files).</summary>
    public TlsFiles Or(TlsFiles fallback) => new(Cert ?? fallback.Cert, Key ?? fallback.Key, Ca ?? fallback.Ca, Pfx ?? fallback.Pfx,
        Password ?? fallback.Password);

    /// <summary>The <c>ACTORS_TLS_*</c> variables: CERT, KEY, CA, PFX, PASSWORD.</summary>
    public static TlsFiles FromEnvironment(Func<string, string?> env) => new(
        Blank(env("ACTORS_TLS_CERT")), Blank(env("ACTORS_TLS_KEY")), Blank(env("ACTORS_TLS_CA")), Blank(env("ACTORS_TLS_PFX")),
        env("ACTORS_TLS_PASSWORD"));

    /// <summary>The <c>actors.tls</c> section (<c>cert</c>, <c>key</c>, <c>ca</c>, <c>pfx</c>, <c>password</c>; empty: unset).</summary>
    public static TlsFiles FromConfig(Config config) => new(
        Blank(config.GetString("actors.tls.cert", "")), Blank(config.GetString("actors.tls.key", "")),
        Blank(config.GetString("actors.tls.ca", "")), Blank(config.GetString("actors.tls.pfx", "")),
        Blank(config.GetString("actors.tls.password", "")));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>TLS material that cannot be used, in one line naming the option and file; the command exits 2.</summary>
public sealed class TlsException(string message) : Exception(message);
