using Actors.Security;

namespace Actors.Kafka.Server.Sasl;

/// <summary>
/// Where a SASL listener looks users up: the SCRAM credential of a user (null: no such user) and a PLAIN check
/// (the principal, or null for a wrong user or password). The edge answers from <see cref="Security"/>; specs give a fixed table.
/// </summary>
public interface ISaslCredentials
{
    ScramCredential? Scram(string user, ScramMechanism mechanism);

    string? Plain(string user, string password);
}

/// <summary>One step of a SASL exchange: the token to send back, and when it is over, the principal or the failure.</summary>
public readonly record struct SaslStep(byte[] Challenge, bool Complete, string? Principal, string? Error)
{
    public static SaslStep Continue(byte[] challenge) => new(challenge, false, null, null);

    public static SaslStep Success(string principal, byte[] challenge) => new(challenge, true, principal, null);

    public static SaslStep Failure(string error) => new([], true, null, error);
}

/// <summary>A server side of one SASL mechanism for one connection: fed the client's tokens in order.</summary>
public interface ISaslServer
{
    SaslStep Step(ReadOnlySpan<byte> token);
}

/// <summary>The mechanisms a SASL listener offers, by their SASL names.</summary>
public static class SaslMechanisms
{
    public const string Plain = "PLAIN";

    public static IReadOnlyList<string> All { get; } = [Plain, "SCRAM-SHA-256", "SCRAM-SHA-512"];

    /// <summary>A server for <paramref name="name"/> (case-insensitive), or null for a mechanism not offered.</summary>
    public static ISaslServer? Create(string name, ISaslCredentials credentials)
    {
        if (string.Equals(name, Plain, StringComparison.OrdinalIgnoreCase)) return new PlainServer(credentials);
        return ScramCredential.Parse(name) is { } scram ? new ScramServer(scram, user => credentials.Scram(user, scram)) : null;
    }
}

/// <summary>
/// SASL/PLAIN (RFC 4616): one token, <c>authzid NUL user NUL password</c>; an authorization id other than the user
/// is refused (no impersonation). The password is checked against the user's stored SCRAM credential.
/// </summary>
public sealed class PlainServer(ISaslCredentials credentials) : ISaslServer
{
    private bool _done;

    public SaslStep Step(ReadOnlySpan<byte> token)
    {
        if (_done) return SaslStep.Failure("PLAIN takes one token");
        _done = true;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(token);
        }
        catch (DecoderFallbackException)
        {
            return SaslStep.Failure("a PLAIN token must be UTF-8");
        }

        var parts = text.Split('\0');
        if (parts.Length != 3 || parts[1].Length == 0) return SaslStep.Failure("a PLAIN token is authzid NUL user NUL password");
        if (parts[0].Length > 0 && parts[0] != parts[1]) return SaslStep.Failure("an authorization id other than the user is not allowed");
        return credentials.Plain(parts[1], parts[2]) is { } principal
            ? SaslStep.Success(principal, [])
            : SaslStep.Failure(Failed(SaslMechanisms.Plain));
    }

    /// <summary>Kafka's words for a failed login; the same for an unknown user and a wrong password.</summary>
    public static string Failed(string mechanism) =>
        $"Authentication failed: Invalid username or password with SASL mechanism {mechanism}";
}
