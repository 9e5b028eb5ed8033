namespace Actors.Kafka.Messages;

/// <summary>ApiVersions request (key 18, v0-3): from v3 the client names its software.</summary>
public sealed class ApiVersionsRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.ApiVersions;
    public string ClientSoftwareName { get; set; } = "";
    public string ClientSoftwareVersion { get; set; } = "";

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 3)
        {
            ClientSoftwareName = c.String(ClientSoftwareName);
            ClientSoftwareVersion = c.String(ClientSoftwareVersion);
        }

        c.TaggedFields();
    }
}

/// <summary>
/// ApiVersions response: an error code and every API with its version range. Also the answer to any request
/// of an unknown API or version, written at v0 with <see cref="ErrorCode.UnsupportedVersion"/>, as Kafka does.
/// </summary>
public sealed class ApiVersionsResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.ApiVersions;
    public short ErrorCode { get; set; }
    public List<ApiVersion> ApiKeys { get; set; } = [];
    public int ThrottleTimeMs { get; set; }

    public void Serde(KafkaCodec c)
    {
        ErrorCode = c.Int16(ErrorCode);
        ApiKeys = c.Array(ApiKeys);
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        c.TaggedFields();
    }

    /// <summary>The response listing <paramref name="ranges"/>.</summary>
    public static ApiVersionsResponse Of(IEnumerable<ApiVersionRange> ranges, ErrorCode error = Protocol.ErrorCode.None) => new()
    {
        ErrorCode = (short)error,
        ApiKeys = ranges.Select(r => new ApiVersion { ApiKey = (short)r.Api, MinVersion = r.Min, MaxVersion = r.Max }).ToList(),
    };

    /// <summary>One API's version range.</summary>
    public sealed class ApiVersion : IKafkaStruct
    {
        public short ApiKey { get; set; }
        public short MinVersion { get; set; }
        public short MaxVersion { get; set; }

        public void Serde(KafkaCodec c)
        {
            ApiKey = c.Int16(ApiKey);
            MinVersion = c.Int16(MinVersion);
            MaxVersion = c.Int16(MaxVersion);
            c.TaggedFields();
        }
    }
}
