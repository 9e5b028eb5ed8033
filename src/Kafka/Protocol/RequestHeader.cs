namespace Actors.Kafka.Protocol;

/// <summary>
/// The header before every request body: API key, version, correlation id (echoed in the response), and from v1
/// the client id, which is a classic nullable int16-length string even in header v2 (the schema excludes it from
/// flexible encoding); v2, used by flexible request versions, adds a tagged-field section. The API key is kept as
/// the raw number, since an unknown one must still be answered with its correlation id.
/// </summary>
public sealed class RequestHeader
{
    public short ApiKey { get; set; }
    public short ApiVersion { get; set; }
    public int CorrelationId { get; set; }
    public string? ClientId { get; set; }

    /// <summary>The header version a request of this API and version carries: 2 for flexible versions, else 1.</summary>
    public static short VersionFor(short apiKey, short apiVersion) =>
        Protocol.SupportedApis.Find(apiKey)?.IsFlexible(apiVersion) == true ? (short)2 : (short)1;

    /// <summary>Reads or writes the header; the version follows from the key and version (read first).</summary>
    public void Serde(KafkaCodec c, short headerVersion)
    {
        c.Flexible = false;
        ApiKey = c.Int16(ApiKey);
        ApiVersion = c.Int16(ApiVersion);
        CorrelationId = c.Int32(CorrelationId);
        if (headerVersion >= 1) ClientId = c.NullableString(ClientId);
        if (headerVersion < 2) return;
        c.Flexible = true;
        c.TaggedFields();
    }

    /// <summary>Reads a request's header from its frame; the returned reader stands at the start of the body.</summary>
    public static RequestHeader Read(ReadOnlyMemory<byte> frame, out KafkaReader body)
    {
        if (frame.Length < 8) throw new KafkaProtocolException($"a request of {frame.Length} bytes has no header");
        var key = BinaryPrimitives.ReadInt16BigEndian(frame.Span);
        var version = BinaryPrimitives.ReadInt16BigEndian(frame.Span[2..]);
        var header = new RequestHeader();
        body = new KafkaReader(frame);
        header.Serde(body, VersionFor(key, version));
        return header;
    }
}
