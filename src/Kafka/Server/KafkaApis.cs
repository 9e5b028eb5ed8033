namespace Actors.Kafka.Server;

/// <summary>
/// The table from API key to handler that a listener dispatches with. It decodes a request body at its version,
/// calls the handler, and hands back the response to write (none for a Produce with <c>acks=0</c>, which Kafka
/// never answers). It answers ApiVersions itself, listing the APIs that have a handler, and answers an unknown API
/// or version with <see cref="ErrorCode.UnsupportedVersion"/> in ApiVersions' v0 shape, as a Kafka broker does.
/// </summary>
public sealed class KafkaApis
{
    private delegate Task<IKafkaMessage> Dispatch(IKafkaMessage request, KafkaRequestContext context, CancellationToken cancellationToken);

    private readonly Dictionary<short, Dispatch> _handlers = [];
    private readonly Dictionary<short, Func<IKafkaMessage>> _newRequests = [];

    /// <summary>Registers the handler of one API (replacing an earlier one).</summary>
    public KafkaApis Add<TRequest, TResponse>(IKafkaHandler<TRequest, TResponse> handler)
        where TRequest : IKafkaMessage, new()
        where TResponse : IKafkaMessage, new()
    {
        var api = new TRequest().Api;
        if (new TResponse().Api != api) throw new ArgumentException($"{typeof(TResponse).Name} does not answer {api}");
        if (api == ApiKey.ApiVersions) throw new ArgumentException("ApiVersions is answered by the listener itself");
        _handlers[(short)api] = (request, context, ct) => Upcast(handler.HandleAsync(context, (TRequest)request, ct));
        _newRequests[(short)api] = static () => new TRequest();
        return this;
    }

    /// <summary>
    /// Puts <paramref name="around"/> in front of the registered handler of one API (nothing when it has none): it gets
    /// the request and the inner handler, and may answer without it, or change the request and the response (the
    /// edge's authorization does both).
    /// </summary>
    public KafkaApis Around<TRequest, TResponse>(Func<KafkaRequestContext, TRequest, Func<TRequest, Task<TResponse>>, CancellationToken, ValueTask<TResponse>> around)
        where TRequest : IKafkaMessage, new()
        where TResponse : IKafkaMessage, new()
    {
        var api = (short)new TRequest().Api;
        if (!_handlers.TryGetValue(api, out var inner)) return this;
        _handlers[api] = (request, context, ct) =>
            Upcast(around(context, (TRequest)request, async r => (TResponse)await inner(r, context, ct), ct));
        return this;
    }

    private static async Task<IKafkaMessage> Upcast<TResponse>(ValueTask<TResponse> response) where TResponse : IKafkaMessage =>
        await response;

    /// <summary>Registers a handler given as a function.</summary>
    public KafkaApis Add<TRequest, TResponse>(Func<KafkaRequestContext, TRequest, CancellationToken, ValueTask<TResponse>> handle)
        where TRequest : IKafkaMessage, new()
        where TResponse : IKafkaMessage, new() =>
        Add(new FunctionHandler<TRequest, TResponse>(handle));

    /// <summary>
    /// Whether SaslHandshake and SaslAuthenticate are served (a SASL listener sets it; its connections answer them,
    /// since a login changes the connection, not the cluster).
    /// </summary>
    public bool Sasl { get; set; }

    /// <summary>The version ranges advertised: ApiVersions, the SASL APIs on a SASL listener, and every API with a handler.</summary>
    public IReadOnlyList<ApiVersionRange> Advertised =>
        SupportedApis.All.Where(r => Answers((short)r.Api)).ToList();

    /// <summary>Whether a request of this key and version is answered normally.</summary>
    public bool Supports(short apiKey, short version) => SupportedApis.Supports(apiKey, version) && Answers(apiKey);

    private bool Answers(short apiKey) =>
        apiKey == (short)ApiKey.ApiVersions || _handlers.ContainsKey(apiKey)
        || (Sasl && apiKey is (short)ApiKey.SaslHandshake or (short)ApiKey.SaslAuthenticate);

    /// <summary>
    /// Starts handling a supported request. Decoding happens before this returns (a malformed body throws
    /// <see cref="KafkaProtocolException"/> here, on the read loop); the task is null when no response is due.
    /// </summary>
    internal Task<IKafkaMessage>? Start(KafkaReader body, KafkaRequestContext context, CancellationToken cancellationToken)
    {
        if (context.Api == ApiKey.ApiVersions)
        {
            KafkaMessage.Read<ApiVersionsRequest>(body, context.ApiVersion);
            return Task.FromResult<IKafkaMessage>(ApiVersionsResponse.Of(Advertised));
        }

        var noResponse = context.Api == ApiKey.Produce && IsAcksZero(body, context.ApiVersion);
        var request = KafkaMessage.Read(_newRequests[(short)context.Api](), body, context.ApiVersion);
        Task<IKafkaMessage> task;
        try
        {
            task = _handlers[(short)context.Api](request, context, cancellationToken);
        }
        catch (Exception ex)
        {
            // A handler that throws before returning fails like one whose task faults: answered in order, by a close.
            task = Task.FromException<IKafkaMessage>(ex);
        }

        return noResponse ? null : task;
    }

    /// <summary>The answer to an unknown API or version: ApiVersions v0 with UNSUPPORTED_VERSION and what is supported.</summary>
    internal ApiVersionsResponse Unsupported() => ApiVersionsResponse.Of(Advertised, ErrorCode.UnsupportedVersion);

    /// <summary>Peeks at a Produce request's acks without consuming the body.</summary>
    private static bool IsAcksZero(KafkaReader body, short version)
    {
        var peek = new KafkaReader(body.Rest) { Version = version, Flexible = SupportedApis.Of(ApiKey.Produce).IsFlexible(version) };
        if (version >= 3) peek.NullableString(null);
        return peek.Int16(0) == 0;
    }

    private sealed class FunctionHandler<TRequest, TResponse>(Func<KafkaRequestContext, TRequest, CancellationToken, ValueTask<TResponse>> handle)
        : IKafkaHandler<TRequest, TResponse>
        where TRequest : IKafkaMessage
        where TResponse : IKafkaMessage
    {
        public ValueTask<TResponse> HandleAsync(KafkaRequestContext context, TRequest request, CancellationToken cancellationToken) =>
            handle(context, request, cancellationToken);
    }
}
