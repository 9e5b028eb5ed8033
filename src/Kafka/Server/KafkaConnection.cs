using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Akka.Event;

namespace Actors.Kafka.Server;

/// <summary>
/// One client's connection: a read loop that cuts frames, decodes each request and starts its handler in arrival
/// order, and a write loop that awaits the responses in that same order (Kafka clients match responses by order
/// as well as correlation id) and flushes when it has nothing more ready. A bounded queue between the two pauses
/// reading when too many requests are in flight. Any breach of the protocol (bad size, malformed header or body, a
/// failed handler) closes the connection with one log line saying why; nothing escapes to the listener. On a TLS
/// listener the streams run over an <see cref="SslStream"/>; on a SASL listener nothing but ApiVersions and the
/// login is answered before the <see cref="KafkaSession"/> has a principal (anything else closes the connection).
/// </summary>
internal sealed class KafkaConnection(long id, Socket socket, KafkaListenerSettings settings, KafkaApis apis, PrincipalLimits limits, ILoggingAdapter log)
{
    /// <summary>One answer due, in order: a message with its header, or a raw SASL token; closing after it when <c>CloseAfter</c> says why.</summary>
    private sealed record Pending(int CorrelationId, ApiKey Api, short Version, short HeaderVersion, Task<IKafkaMessage> Response,
        byte[]? Raw = null, string? CloseAfter = null);

    private readonly KafkaSession _session = new(settings, limits);

    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private string? _closeReason;
    private bool _isBreach;
    private string? _certificatePrincipal;
    private bool _loggedIn;

    /// <summary>Serves the connection until the client leaves, a breach closes it, or <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var remote = socket.RemoteEndPoint;
        await using var registration = stopping.Register(() => Close("the listener is stopping", isBreach: false));
        await using var network = new NetworkStream(socket, ownsSocket: true);
        Stream stream = network;
        try
        {
            stream = await SecureAsync(network, remote);
        }
        catch (Exception ex)
        {
            log.Info("kafka connection {0} from {1} closed: TLS handshake failed: {2}", id, remote, ex.GetBaseException().Message);
            socket.Dispose();
            _closing.Dispose();
            return;
        }

        if (_session.Begin(_certificatePrincipal) is { } refused)
        {
            log.Warning("kafka connection {0} from {1} refused: {2}", id, remote, refused);
            await stream.DisposeAsync();
            _closing.Dispose();
            return;
        }

        using var login = new CancellationTokenSource(settings.AuthenticationTimeout);
        await using var loginDeadline = login.Token.Register(() =>
        {
            if (_session.Principal is null) Close($"not authenticated within {settings.AuthenticationTimeout.TotalSeconds:0} s", isBreach: true);
        });
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        var queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(settings.MaxInFlightPerConnection)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var writing = WriteAsync(queue.Reader, output);
        try
        {
            await ReadAsync(input, queue.Writer, remote);
        }
        catch (KafkaProtocolException ex)
        {
            Close($"malformed request: {ex.Message}", isBreach: true);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            Close(_closing.IsCancellationRequested ? "closed" : $"read failed: {ex.Message}", isBreach: false);
        }
        catch (Exception ex)
        {
            // Nothing a client sends may escape this connection: whatever it was, close it and say so.
            Close($"unexpected {ex.GetType().Name}: {ex.Message}", isBreach: true);
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        Close("the client closed the connection", isBreach: false);
        await writing;
        try
        {
            // The writer first: completing it flushes what is left, and completing the reader disposes the stream
            // under it. The socket may be gone already (the client left); then there is nothing to flush to.
            await output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        await input.CompleteAsync();
        await stream.DisposeAsync();
        socket.Dispose();
        _session.End();
        _closing.Dispose();
        if (_isBreach) log.Warning("kafka connection {0} from {1} closed: {2}", id, remote, _closeReason);
        else log.Debug("kafka connection {0} from {1} closed: {2}", id, remote, _closeReason);
    }

    private async Task ReadAsync(PipeReader input, ChannelWriter<Pending> queue, System.Net.EndPoint? remote)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        while (true)
        {
            idle.CancelAfter(settings.IdleTimeout);
            ReadResult result;
            try
            {
                result = await input.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
            {
                Close($"idle for {settings.IdleTimeout.TotalSeconds:0} s", isBreach: false);
                return;
            }

            var buffer = result.Buffer;
            while (true)
            {
                var outcome = RequestFrames.TryRead(ref buffer, settings.MaxRequestSize, out var frame, out var reason);
                if (outcome == RequestFrames.Outcome.Incomplete) break;
                if (outcome == RequestFrames.Outcome.Refused)
                {
                    Close(reason, isBreach: true);
                    return;
                }

                if (_session.Limited && limits.Take(_session.Principal!) is { } delay && delay > TimeSpan.Zero)
                    await Task.Delay(delay, _closing.Token);
                var pending = _session.RawTokens ? RawToken(frame) : Start(frame, remote);
                if (pending is null && _closeReason is not null) return;
                if (pending is not null) await queue.WriteAsync(pending, _closing.Token);
                if (pending?.CloseAfter is not null) return;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                if (buffer.Length > 0) Close($"the client closed the connection inside a frame ({buffer.Length} bytes left)", isBreach: true);
                return;
            }
        }
    }

    /// <summary>Decodes one request and starts its handler; null when no response is due (acks=0).</summary>
    private Pending? Start(byte[] frame, System.Net.EndPoint? remote)
    {
        var header = RequestHeader.Read(frame, out var body);
        if (!apis.Supports(header.ApiKey, header.ApiVersion))
        {
            log.Info("kafka connection {0} ({1}): api key {2} version {3} is not supported; answered UNSUPPORTED_VERSION",
                id, header.ClientId, header.ApiKey, header.ApiVersion);
            return new Pending(header.CorrelationId, ApiKey.ApiVersions, 0, 0, Task.FromResult<IKafkaMessage>(apis.Unsupported()));
        }

        var api = (ApiKey)header.ApiKey;
        var headerVersion = SupportedApis.ResponseHeaderVersion(api, header.ApiVersion);
        if (api is ApiKey.SaslHandshake or ApiKey.SaslAuthenticate)
        {
            var answer = api == ApiKey.SaslHandshake
                ? _session.Handshake(KafkaMessage.Read<SaslHandshakeRequest>(body, header.ApiVersion), header.ApiVersion)
                : _session.Authenticate(KafkaMessage.Read<SaslAuthenticateRequest>(body, header.ApiVersion).AuthBytes.Span, raw: false);
            return Answered(header.CorrelationId, api, header.ApiVersion, headerVersion, answer);
        }

        if (_session.Principal is null && api != ApiKey.ApiVersions)
        {
            Close($"{api} before authentication (a SASL listener answers only ApiVersions, SaslHandshake and SaslAuthenticate first)", isBreach: true);
            return null;
        }

        var context = new KafkaRequestContext(id, remote, header.ClientId, header.CorrelationId, api, header.ApiVersion,
            _session.Principal ?? Actors.Security.Security.Anonymous);
        var response = apis.Start(body, context, _closing.Token);
        return response is null
            ? null
            : new Pending(header.CorrelationId, api, header.ApiVersion, headerVersion, response);
    }

    /// <summary>A raw SASL token after a v0 SaslHandshake: the answer is a raw token too; a failure closes the connection.</summary>
    private Pending? RawToken(byte[] frame)
    {
        var answer = _session.Authenticate(frame, raw: true);
        if (answer.CloseReason is not null)
        {
            Close($"SASL login failed: {answer.CloseReason}", isBreach: false);
            log.Warning("kafka connection {0}: SASL login failed ({1}): {2}", id, _session.Describe(), answer.CloseReason);
            return null;
        }

        LogLogin();
        return new Pending(0, ApiKey.SaslAuthenticate, 0, 0, Task.FromResult<IKafkaMessage>(new SaslAuthenticateResponse()), answer.Raw);
    }

    private Pending Answered(int correlationId, ApiKey api, short version, short headerVersion, KafkaSession.Answer answer)
    {
        if (answer.CloseReason is not null)
            log.Warning("kafka connection {0}: {1} ({2}): {3}", id, api == ApiKey.SaslAuthenticate ? "SASL login failed" : "SASL refused", _session.Describe(), answer.CloseReason);
        else LogLogin();
        return new Pending(correlationId, api, version, headerVersion, Task.FromResult(answer.Message!), CloseAfter: answer.CloseReason);
    }

    private void LogLogin()
    {
        if (_session.Principal is { } principal && !_loggedIn)
        {
            _loggedIn = true;
            log.Debug("kafka connection {0}: authenticated as '{1}' ({2})", id, principal, _session.Describe());
        }
    }

    /// <summary>The TLS handshake of a TLS listener (the plain stream otherwise), keeping the client certificate's principal.</summary>
    private async Task<Stream> SecureAsync(NetworkStream network, System.Net.EndPoint? remote)
    {
        if (!settings.Protocol.UsesTls()) return network;
        var tls = settings.Tls ?? throw new InvalidOperationException("a TLS listener needs a certificate");
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        using var deadline = new CancellationTokenSource(settings.AuthenticationTimeout);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = tls.Certificate,
            // Asked for on every TLS listener (mutual TLS is an alternative to SASL); required only by an SSL
            // listener that requires authentication, where the certificate is the only credential.
            ClientCertificateRequired = true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                if (certificate is null) return true;
                var presented = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                if (tls.Verify(presented, chain) is { } problem)
                {
                    log.Warning("kafka connection {0} from {1}: TLS client certificate '{2}' {3}", id, remote, presented.Subject, problem);
                    return false;
                }

                _certificatePrincipal = KafkaTls.PrincipalOf(presented);
                return true;
            },
        }, deadline.Token);
        return ssl;
    }

    private async Task WriteAsync(ChannelReader<Pending> queue, PipeWriter output)
    {
        var scratch = new ArrayBufferWriter<byte>();
        try
        {
            await foreach (var pending in queue.ReadAllAsync(_closing.Token))
            {
                IKafkaMessage response;
                try
                {
                    response = await pending.Response.WaitAsync(_closing.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    KafkaMetrics.Failed(pending.Api);
                    Close($"the {pending.Api} v{pending.Version} handler failed: {ex.GetType().Name}: {ex.Message}", isBreach: true);
                    return;
                }

                KafkaMetrics.Answered(pending.Api, pending.Raw is null ? response : null);
                scratch.ResetWrittenCount();
                if (pending.Raw is { } raw)
                {
                    scratch.Write(raw);
                }
                else
                {
                    ResponseHeader.Serde(new KafkaWriter(scratch), pending.CorrelationId, pending.HeaderVersion);
                    KafkaMessage.Write(response, pending.Version, scratch);
                }

                BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), scratch.WrittenCount);
                output.Advance(4);
                output.Write(scratch.WrittenSpan);
                if (scratch.Capacity > 1024 * 1024) scratch = new ArrayBufferWriter<byte>();
                if (pending.CloseAfter is not null)
                {
                    await output.FlushAsync(_closing.Token);
                    Close(pending.CloseAfter, isBreach: false);
                    return;
                }

                if (!queue.TryPeek(out _)) await output.FlushAsync(_closing.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            Close(_closing.IsCancellationRequested ? "closed" : $"write failed: {ex.Message}", isBreach: false);
        }
    }

    /// <summary>Records the first reason and stops both loops (and every handler, through the token).</summary>
    private void Close(string reason, bool isBreach)
    {
        lock (_gate)
        {
            if (_closeReason is not null) return;
            _closeReason = reason;
            _isBreach = isBreach;
        }

        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
