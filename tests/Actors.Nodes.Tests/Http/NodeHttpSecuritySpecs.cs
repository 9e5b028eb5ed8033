using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Actors.Testing;

namespace Actors.Nodes.Tests.Http;

/// <summary>
/// The HTTP endpoint's door: with <c>--auth</c>, <c>/metrics</c> (and every route but <c>/health/*</c>) asks for HTTP
/// Basic credentials of a user with admin on the cluster (401 with a challenge without or with wrong ones, 403 for a
/// user without admin); with the node's certificate it serves HTTPS; beyond loopback without TLS it refuses to start.
/// </summary>
public sealed class NodeHttpSecuritySpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly CliProcesses _processes = new("node-http-security", output);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Should_ask_an_admin_to_log_in_for_metrics_but_nobody_for_health()
    {
        // arrange: a node that requires a login, its admin from the environment, and alice, who is no admin
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--kafka-port", "off", "--auth"], Wait,
            new Dictionary<string, string> { ["ACTORS_ADMIN_PASSWORD"] = "admin-secret" });
        var metrics = $"http://{node.HttpAddress}/metrics";
        await AwaitAsync(() => GetAsync(metrics, "admin", "admin-secret"), HttpStatusCode.OK, "the admin's login to be taken");
        var added = await _processes.RunAsync(["users", "add", "alice", "--user", "admin", "--node", node.HostPort, "--timeout", "60"], Wait,
            new Dictionary<string, string> { ["ACTORS_PASSWORD"] = "admin-secret" }, "alice-secret\n");
        Assert.True(added.ExitCode == 0, added.Error);

        // act
        using var anonymous = await GetAsync(metrics, null, null);
        using var wrong = await GetAsync(metrics, "admin", "not-it");
        using var admin = await GetAsync(metrics, "admin", "admin-secret");
        using var alice = await AwaitAsync(() => GetAsync(metrics, "alice", "alice-secret"), HttpStatusCode.Forbidden, "alice to be known");
        using var live = await GetAsync($"http://{node.HttpAddress}/health/live", null, null);
        using var ready = await GetAsync($"http://{node.HttpAddress}/health/ready", null, null);

        // assert
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("wrong user name or password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("dotnet_gc_collections_total", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("not authorized: user 'alice' may not administer the cluster", await alice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, ready.StatusCode);
    }

    [Fact]
    public async Task Should_serve_https_with_the_node_s_certificate_under_tls()
    {
        // arrange
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca"], Wait)).ExitCode);
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca", "--node", "127.0.0.1", "--out", "node"], Wait)).ExitCode);
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--tls-cert", "node/node.crt", "--tls-key", "node/node.key",
            "--tls-ca", "node/ca.crt"], Wait);
        X509Certificate2? shown = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                shown = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
                return true;
            },
        };
        using var https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

        // act
        using var live = await https.GetAsync($"https://{node.HttpAddress}/health/live");

        // assert
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var expected = X509CertificateLoader.LoadCertificateFromFile(_processes.Folder.File("node/node.crt"));
        Assert.Equal(expected.Thumbprint, shown?.Thumbprint);
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync($"http://{node.HttpAddress}/health/live"));
    }

    [Fact]
    public async Task Should_refuse_an_http_endpoint_beyond_loopback_without_tls()
    {
        // arrange
        var config = await _processes.Folder.WriteAsync("http.conf", "actors.node.http.hostname = \"0.0.0.0\"\n");

        // act
        var result = await _processes.RunAsync(["node", "--port", "0", "--config", config], Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: the HTTP endpoint on 0.0.0.0 is not on loopback and has no TLS or authentication: add --tls-cert FILE --tls-key FILE " +
                     "--tls-ca FILE (or --tls-pfx FILE --tls-ca FILE) with --auth, or --http-port off, or --insecure to open it anyway\n", result.Error);
    }

    public void Dispose()
    {
        _http.Dispose();
        _processes.Dispose();
    }

    private Task<HttpResponseMessage> GetAsync(string url, string? user, string? password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (user is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return _http.SendAsync(request);
    }

    /// <summary>Asks until the answer has <paramref name="status"/>, and returns that answer.</summary>
    private static async Task<HttpResponseMessage> AwaitAsync(Func<Task<HttpResponseMessage>> ask, HttpStatusCode status, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await ask();
            if (response.StatusCode == status) return response;
            var last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            response.Dispose();
            if (clock.Elapsed > Wait) throw new TimeoutException($"waited {Wait.TotalSeconds} s for {what}; last answer: {last}");
            await Task.Delay(200);
        }
    }
}
