using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Actors.Nodes.Configuration;
using Actors.Nodes.Observe;
using Actors.Security;

namespace Actors.Nodes.Cli;

/// <summary>
/// The options of the commands that read a node's JSON API over HTTP (<c>actors status</c>, <c>actors top</c>):
/// <c>--http host:port</c> (env <c>ACTORS_HTTP</c>, default 127.0.0.1:8558), <c>--timeout</c>, and the client
/// options' <c>--user</c>/<c>--password-file</c> (sent as HTTP Basic) and <c>--tls-*</c> (then https, trusting only
/// the cluster's CA, showing the client certificate).
/// </summary>
internal sealed class HttpOptions
{
    public const string DefaultHttp = "127.0.0.1:8558";

    private readonly ClientOptions _client = new();

    public Option<string?> Http { get; } = new("--http")
    {
        Description = $"The node's HTTP endpoint, host:port [env ACTORS_HTTP; default {DefaultHttp}]",
    };

    public IEnumerable<Option> All => [Http, _client.Timeout, _client.User, _client.PasswordFile, .. _client.Tls.All];

    /// <summary>The endpoint, TLS files and credential, each from its option, else its environment variable, else its default.</summary>
    public HttpSettings Read(ParseResult parse)
    {
        var address = parse.GetValue(Http) ?? Environment.GetEnvironmentVariable("ACTORS_HTTP") ?? DefaultHttp;
        var client = new ClientSettings(address, NodeSettings.DefaultSystemName,
            parse.GetValue(_client.Timeout) is { } seconds ? TimeSpan.FromSeconds(Math.Max(1, seconds)) : LibraryDefaults.AskTimeout)
        {
            Tls = _client.Tls.Read(parse).Or(TlsFiles.FromEnvironment(Environment.GetEnvironmentVariable)),
            User = parse.GetValue(_client.User) ?? Environment.GetEnvironmentVariable("ACTORS_USER"),
            PasswordFile = parse.GetValue(_client.PasswordFile),
        };
        return new HttpSettings(address, client);
    }
}

/// <summary>Where a node's HTTP endpoint is, and how to reach it (<see cref="ClientSettings"/>' timeout, TLS files and user).</summary>
internal sealed record HttpSettings(string Address, ClientSettings Client);

/// <summary>
/// Reads a node's <c>GET /api/overview</c>. A node that does not answer, refuses the login or answers with an error
/// is an <see cref="ObserveException"/> whose message is the one line to print; <see cref="Run"/> turns it into the
/// exit code the other client commands use for it (<see cref="ExitCodes"/>).
/// </summary>
internal sealed class OverviewClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _address;

    private OverviewClient(HttpClient http, string address) => (_http, _address) = (http, address);

    /// <summary>A client for <paramref name="settings"/>: loads the TLS files and reads the password now (each problem one line).</summary>
    public static OverviewClient Create(HttpSettings settings)
    {
        var tls = TlsCredentials.Load(settings.Client.Tls);
        var credential = settings.Client.Credential();
        var handler = new SocketsHttpHandler { ConnectTimeout = settings.Client.Timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (tls is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [tls.Certificate],
                RemoteCertificateValidationCallback = (_, certificate, chain, _) => certificate is not null
                    && TlsCredentials.Verify(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), chain, tls.Authorities) is null,
            };
        }

        var address = settings.Address.Contains("://", StringComparison.Ordinal) ? settings.Address : $"{(tls is null ? "http" : "https")}://{settings.Address}";
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
            throw new ObserveException($"--http {settings.Address}: not host:port", ExitCodes.BadInput);
        var http = new HttpClient(handler) { BaseAddress = uri, Timeout = settings.Client.Timeout };
        if (credential is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.User}:{credential.Password}")));
        return new OverviewClient(http, settings.Address);
    }

    /// <summary>The node's overview, now.</summary>
    public async Task<Overview> GetAsync(CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync("api/overview", ct);
        }
        catch (HttpRequestException e) when (e.InnerException is System.Security.Authentication.AuthenticationException)
        {
            throw new ObserveException($"the node's HTTP endpoint at {_address} refused TLS: {e.InnerException.Message} (check --tls-ca)", ExitCodes.BadInput);
        }
        catch (HttpRequestException e)
        {
            var why = e.InnerException is SocketException socket ? socket.Message : e.Message;
            throw new ObserveException($"cannot reach the node's HTTP endpoint at {_address}: {why} (is a node running there? --http host:port, or its start line's http=)", ExitCodes.BadInput);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ObserveException($"the node's HTTP endpoint at {_address} did not answer within {_http.Timeout.TotalSeconds:0.#} s (is it busy? try again, or raise --timeout)", ExitCodes.Failure);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new ObserveException($"the node at {_address} needs a login: give a user allowed admin (--user NAME, with ACTORS_PASSWORD or --password-file FILE)", ExitCodes.Failure);
            if (response.StatusCode == HttpStatusCode.Forbidden)
                throw new ObserveException($"the node at {_address} refused the user: it needs admin on the cluster", ExitCodes.Failure);
            if (!response.IsSuccessStatusCode)
                throw new ObserveException($"the node at {_address} answered {(int)response.StatusCode} {response.ReasonPhrase}", ExitCodes.Failure);
            return await response.Content.ReadFromJsonAsync<Overview>(Overview.Json, ct)
                ?? throw new ObserveException($"the node at {_address} answered an empty overview", ExitCodes.Failure);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Runs <paramref name="command"/> with a client, turning every failure into one line and its exit code.</summary>
    public static async Task<int> Run(HttpSettings settings, CancellationToken ct, Func<OverviewClient, Task<int>> command)
    {
        try
        {
            using var client = Create(settings);
            return await command(client);
        }
        catch (ObserveException e)
        {
            return ExitCodes.Fail(e.Message, e.ExitCode);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ExitCodes.Report(e);
        }
    }
}

/// <summary>A failure to read the overview: the one line to print, and the exit code.</summary>
internal sealed class ObserveException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
