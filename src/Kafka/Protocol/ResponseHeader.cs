namespace Actors.Kafka.Protocol;

/// <summary>
/// The header before every response body: the request's correlation id, and in v1 (flexible versions other
/// than ApiVersions) an empty tagged-field section.
/// </summary>
public static class ResponseHeader
{
    /// <summary>Reads or writes a response header of <paramref name="headerVersion"/>; returns the correlation id.</summary>
    public static int Serde(KafkaCodec c, int correlationId, short headerVersion)
    {
        c.Flexible = false;
        correlationId = c.Int32(correlationId);
        if (headerVersion < 1) return correlationId;
        c.Flexible = true;
        c.TaggedFields();
        return correlationId;
    }
}
