namespace Actors.Kafka.Messages;

/// <summary>SaslHandshake request (key 17, v0-1): the mechanism the client wants. v0 means raw SASL tokens follow, v1 SaslAuthenticate.</summary>
public sealed class SaslHandshakeRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.SaslHandshake;
    public string Mechanism { get; set; } = "";

    public void Serde(KafkaCodec c) => Mechanism = c.String(Mechanism);
}

/// <summary>SaslHandshake response (key 17, v0-1): an error code (UNSUPPORTED_SASL_MECHANISM) and the mechanisms enabled.</summary>
public sealed class SaslHandshakeResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.SaslHandshake;
    public short ErrorCode { get; set; }
    public List<string> Mechanisms { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        ErrorCode = c.Int16(ErrorCode);
        Mechanisms = c.Strings(Mechanisms);
    }
}

/// <summary>SaslAuthenticate request (key 36, v0-2, flexible from v2): one SASL token of the client.</summary>
public sealed class SaslAuthenticateRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.SaslAuthenticate;
    public ReadOnlyMemory<byte> AuthBytes { get; set; }

    public void Serde(KafkaCodec c)
    {
        AuthBytes = c.Bytes(AuthBytes);
        c.TaggedFields();
    }
}

/// <summary>
/// SaslAuthenticate response (key 36, v0-2): the server's token, or SASL_AUTHENTICATION_FAILED with a message; from
/// v1 the session lifetime (0: no re-authentication required, KIP-368 is not implemented).
/// </summary>
public sealed class SaslAuthenticateResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.SaslAuthenticate;
    public short ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public ReadOnlyMemory<byte> AuthBytes { get; set; }
    public long SessionLifetimeMs { get; set; }

    public void Serde(KafkaCodec c)
    {
        ErrorCode = c.Int16(ErrorCode);
        ErrorMessage = c.NullableString(ErrorMessage);
        AuthBytes = c.Bytes(AuthBytes);
        if (c.Version >= 1) SessionLifetimeMs = c.Int64(SessionLifetimeMs);
        c.TaggedFields();
    }
}
