using Actors.Kafka.Server.Sasl;

namespace Actors.Kafka.Server;

/// <summary>
/// Who one connection is: none yet on a SASL listener (only ApiVersions, SaslHandshake and SaslAuthenticate are
/// answered then), the certificate's common name after mutual TLS, or <c>ANONYMOUS</c> on a listener without
/// authentication. Runs the SASL exchange: SaslHandshake picks the mechanism (v0: the client's next frames are raw
/// SASL tokens, as before KIP-152; v1: they come in SaslAuthenticate requests), each token steps the mechanism's
/// server, and its end sets the principal, counted against the principal's connection limit. A failed or refused
/// step answers once with the reason and then closes the connection, as Kafka does. Re-authentication (KIP-368)
/// is not offered: a session lasts as long as its connection (session lifetime 0).
/// </summary>
internal sealed class KafkaSession(KafkaListenerSettings settings, PrincipalLimits limits)
{
    private ISaslServer? _sasl;
    private string? _mechanism;
    private bool _counted;

    /// <summary>What to answer a SASL request: a message, or a raw token (v0 handshake), and whether to close after it.</summary>
    public sealed record Answer(IKafkaMessage? Message, byte[]? Raw, string? CloseReason);

    /// <summary>The authenticated principal; null until a SASL login succeeds.</summary>
    public string? Principal { get; private set; }

    /// <summary>Whether the next frame is a raw SASL token (after a v0 SaslHandshake).</summary>
    public bool RawTokens { get; private set; }

    /// <summary>Whether principal limits apply (authenticated users; not the shared anonymous principal).</summary>
    public bool Limited => _counted;

    /// <summary>
    /// Sets who the connection is after TLS: <paramref name="certificatePrincipal"/> (mutual TLS), or anonymous on a
    /// listener without SASL; null on a SASL listener, which waits for a login. Returns why the connection is refused, or null.
    /// </summary>
    public string? Begin(string? certificatePrincipal)
    {
        if (settings.Protocol.UsesSasl()) return null;
        if (certificatePrincipal is null)
        {
            if (settings.RequireAuthentication) return "no client certificate: this SSL listener authenticates clients by a certificate signed by the cluster's CA";
            Principal = Actors.Security.Security.Anonymous;
            return null;
        }

        return Admit(certificatePrincipal);
    }

    /// <summary>Answers SaslHandshake: the mechanism is kept, or UNSUPPORTED_SASL_MECHANISM with those offered.</summary>
    public Answer Handshake(SaslHandshakeRequest request, short version)
    {
        var response = new SaslHandshakeResponse { Mechanisms = [.. SaslMechanisms.All] };
        if (Principal is not null || _sasl is not null)
        {
            response.ErrorCode = (short)ErrorCode.IllegalSaslState;
            return new Answer(response, null, "SaslHandshake after the login began (re-authentication is not supported)");
        }

        _sasl = SaslMechanisms.Create(request.Mechanism, settings.SaslCredentials!);
        if (_sasl is null)
        {
            response.ErrorCode = (short)ErrorCode.UnsupportedSaslMechanism;
            return new Answer(response, null, $"SASL mechanism '{request.Mechanism}' is not offered");
        }

        _mechanism = request.Mechanism.ToUpperInvariant();
        RawTokens = version == 0;
        return new Answer(response, null, null);
    }

    /// <summary>Steps the exchange with one client token (from SaslAuthenticate, or raw after a v0 handshake).</summary>
    public Answer Authenticate(ReadOnlySpan<byte> token, bool raw)
    {
        if (_sasl is null || Principal is not null)
        {
            var state = Principal is null ? "before SaslHandshake" : "after the login succeeded (re-authentication is not supported)";
            return Refuse(ErrorCode.IllegalSaslState, $"SaslAuthenticate {state}", raw);
        }

        SaslStep step;
        try
        {
            step = _sasl.Step(token);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            step = SaslStep.Failure($"malformed SASL token ({ex.GetType().Name})");
        }

        if (step.Error is not null) return Refuse(ErrorCode.SaslAuthenticationFailed, step.Error, raw);
        if (step.Complete)
        {
            if (Admit(step.Principal!) is { } refused) return Refuse(ErrorCode.SaslAuthenticationFailed, refused, raw);
            RawTokens = false;
        }

        return raw
            ? new Answer(null, step.Challenge, null)
            : new Answer(new SaslAuthenticateResponse { AuthBytes = step.Challenge }, null, null);
    }

    /// <summary>Frees the principal's connection slot.</summary>
    public void End()
    {
        if (_counted) limits.Close(Principal!);
        _counted = false;
    }

    /// <summary>What the logs name the login by.</summary>
    public string Describe() => _mechanism is null ? settings.Protocol.Name() : $"{settings.Protocol.Name()}/{_mechanism}";

    private string? Admit(string principal)
    {
        if (!limits.TryOpen(principal))
            return $"user '{principal}' has {limits.Connections(principal)} connections open, the most allowed (max-connections-per-principal)";
        _counted = true;
        Principal = principal;
        return null;
    }

    private static Answer Refuse(ErrorCode code, string reason, bool raw) =>
        raw
            ? new Answer(null, null, reason)
            : new Answer(new SaslAuthenticateResponse { ErrorCode = (short)code, ErrorMessage = reason }, null, reason);
}
