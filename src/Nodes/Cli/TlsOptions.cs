using System.CommandLine;
using Actors.Security;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>--tls-cert</c>, <c>--tls-key</c>, <c>--tls-ca</c>, <c>--tls-pfx</c> and <c>--tls-password</c>, spelled the same for
/// a node and for every command that talks to one, each falling back to its <c>ACTORS_TLS_*</c> variable.
/// </summary>
public sealed class TlsOptions(string whose)
{
    public Option<string?> Cert { get; } = new("--tls-cert") { Description = $"PEM certificate: {whose} identity for mutual TLS, signed by the cluster's CA [env ACTORS_TLS_CERT]" };

    public Option<string?> Key { get; } = new("--tls-key") { Description = "PEM private key of --tls-cert [env ACTORS_TLS_KEY]" };

    public Option<string?> Ca { get; } = new("--tls-ca") { Description = "PEM certificate of the cluster's CA: only peers it signed are let in [env ACTORS_TLS_CA]" };

    public Option<string?> Pfx { get; } = new("--tls-pfx") { Description = "PKCS#12 file with certificate and key, instead of --tls-cert/--tls-key [env ACTORS_TLS_PFX]" };

    public Option<string?> Password { get; } = new("--tls-password") { Description = "Password of --tls-pfx (or of an encrypted --tls-key) [env ACTORS_TLS_PASSWORD]" };

    public IEnumerable<Option> All => [Cert, Key, Ca, Pfx, Password];

    /// <summary>The options given on the command line (the variables are layered in by the caller).</summary>
    public TlsFiles Read(ParseResult parse) =>
        new(parse.GetValue(Cert), parse.GetValue(Key), parse.GetValue(Ca), parse.GetValue(Pfx), parse.GetValue(Password));
}
