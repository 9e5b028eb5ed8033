using System.Security.Cryptography;
using Actors.Security;

namespace Actors.Kafka.Server.Sasl;

/// <summary>
/// A SASL_PLAINTEXT listener spoken to byte by byte: ApiVersions advertises SaslHandshake and SaslAuthenticate, any
/// other request before the login closes the connection, a SCRAM-SHA-512 login through SaslAuthenticate and a PLAIN
/// login through raw tokens after a v0 handshake open the other APIs, a wrong password is answered
/// SASL_AUTHENTICATION_FAILED and closed, fuzzed tokens get one error each and the listener goes on, and a user over
/// its connection limit cannot log in.
/// </summary>
public sealed class SaslListenerSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private ListenerFixture Listener(int maxConnectionsPerPrincipal = 100) => new(Sys.Log, new KafkaListenerSettings
    {
        Protocol = KafkaSecurityProtocol.SaslPlaintext,
        SaslCredentials = new ScramServerSpecs.FixedCredentials(("alice", "alice-secret")),
        MaxConnectionsPerPrincipal = maxConnectionsPerPrincipal,
    });

    private static async Task<TResponse?> AskAsync<TResponse>(RawClient client, IKafkaMessage request, short version)
        where TResponse : IKafkaMessage, new()
    {
        await client.SendAsync(RawClient.Request((short)request.Api, version, 7, request));
        var payload = await client.ReadAsync(Wait);
        if (payload is null) return default;
        var headerSize = SupportedApis.ResponseHeaderVersion(request.Api, version) == 1 ? 5 : 4;
        return KafkaMessage.Read<TResponse>(payload.AsMemory(headerSize), version);
    }

    [Fact]
    public async Task Should_advertise_the_sasl_apis_and_close_on_any_other_request_before_the_login()
    {
        // arrange
        await using var fixture = Listener();
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);

        // act
        var versions = await AskAsync<ApiVersionsResponse>(client, new ApiVersionsRequest(), 3);
        var metadata = await AskAsync<MetadataResponse>(client, new MetadataRequest(), 9);

        // assert
        Assert.Contains(versions!.ApiKeys, k => k.ApiKey == (short)ApiKey.SaslHandshake && k.MaxVersion == 1);
        Assert.Contains(versions.ApiKeys, k => k.ApiKey == (short)ApiKey.SaslAuthenticate && k.MaxVersion == 2);
        Assert.Null(metadata);
    }

    [Theory]
    [InlineData((short)0)]
    [InlineData((short)1)]
    [InlineData((short)2)]
    public async Task Should_log_in_with_scram_sha_512_and_then_answer_metadata(short version)
    {
        // arrange
        await using var fixture = Listener();
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);

        // act
        var handshake = await AskAsync<SaslHandshakeResponse>(client, new SaslHandshakeRequest { Mechanism = "SCRAM-SHA-512" }, 1);
        var verified = await ScramLoginAsync(client, "alice", "alice-secret", version);
        var metadata = await AskAsync<MetadataResponse>(client, new MetadataRequest(), 9);

        // assert
        Assert.Equal(0, handshake!.ErrorCode);
        Assert.Equal(["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"], handshake.Mechanisms);
        Assert.True(verified, "the server's signature proves it knew the credential");
        Assert.Equal(["orders", "audit"], metadata!.Topics.Select(t => t.Name));
    }

    [Fact]
    public async Task Should_refuse_a_wrong_password_with_sasl_authentication_failed_and_close()
    {
        // arrange
        await using var fixture = Listener();
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        await AskAsync<SaslHandshakeResponse>(client, new SaslHandshakeRequest { Mechanism = "SCRAM-SHA-512" }, 1);

        // act
        var first = await AskAsync<SaslAuthenticateResponse>(client, new SaslAuthenticateRequest { AuthBytes = Encoding.UTF8.GetBytes("n,,n=alice,r=abcdef") }, 2);
        var (final, _) = ClientFinal(Encoding.UTF8.GetString(first!.AuthBytes.Span), "n,,n=alice,r=abcdef", "wrong");
        var refused = await AskAsync<SaslAuthenticateResponse>(client, new SaslAuthenticateRequest { AuthBytes = Encoding.UTF8.GetBytes(final) }, 2);
        var after = await client.ReadAsync(Wait);

        // assert
        Assert.Equal((short)ErrorCode.SaslAuthenticationFailed, refused!.ErrorCode);
        Assert.Contains("invalid credentials with SASL mechanism SCRAM-SHA-512", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(after);
    }

    [Fact]
    public async Task Should_log_in_with_plain_raw_tokens_after_a_v0_handshake()
    {
        // arrange
        await using var fixture = Listener();
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);

        // act
        var handshake = await AskAsync<SaslHandshakeResponse>(client, new SaslHandshakeRequest { Mechanism = "PLAIN" }, 0);
        await client.SendAsync(RawClient.Frame(Encoding.UTF8.GetBytes("\0alice\0alice-secret")));
        var token = await client.ReadAsync(Wait);
        var metadata = await AskAsync<MetadataResponse>(client, new MetadataRequest(), 9);

        // assert
        Assert.Equal(0, handshake!.ErrorCode);
        Assert.Empty(token!);
        Assert.Equal(2, metadata!.Topics.Count);
    }

    [Fact]
    public async Task Should_answer_fuzzed_tokens_with_one_error_each_and_keep_listening()
    {
        // arrange
        await using var fixture = Listener();
        var random = new Random(36);

        // act / assert
        foreach (var mechanism in new[] { "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512" })
        {
            for (var i = 0; i < 20; i++)
            {
                await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
                await AskAsync<SaslHandshakeResponse>(client, new SaslHandshakeRequest { Mechanism = mechanism }, 1);
                var token = new byte[random.Next(0, 300)];
                random.NextBytes(token);
                var answer = await AskAsync<SaslAuthenticateResponse>(client, new SaslAuthenticateRequest { AuthBytes = token }, 2);
                Assert.Equal((short)ErrorCode.SaslAuthenticationFailed, answer!.ErrorCode);
                Assert.Null(await client.ReadAsync(Wait));
            }
        }

        await using var good = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        await AskAsync<SaslHandshakeResponse>(good, new SaslHandshakeRequest { Mechanism = "SCRAM-SHA-256" }, 1);
        Assert.True(await ScramLoginAsync(good, "alice", "alice-secret", 2, ScramMechanism.Sha256));
    }

    [Fact]
    public async Task Should_refuse_a_login_over_the_users_connection_limit()
    {
        // arrange
        await using var fixture = Listener(maxConnectionsPerPrincipal: 1);
        await using var first = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        await using var second = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        await AskAsync<SaslHandshakeResponse>(first, new SaslHandshakeRequest { Mechanism = "PLAIN" }, 1);
        await AskAsync<SaslHandshakeResponse>(second, new SaslHandshakeRequest { Mechanism = "PLAIN" }, 1);
        var plain = new SaslAuthenticateRequest { AuthBytes = Encoding.UTF8.GetBytes("\0alice\0alice-secret") };

        // act
        var admitted = await AskAsync<SaslAuthenticateResponse>(first, plain, 2);
        var refused = await AskAsync<SaslAuthenticateResponse>(second, plain, 2);

        // assert
        Assert.Equal(0, admitted!.ErrorCode);
        Assert.Equal((short)ErrorCode.SaslAuthenticationFailed, refused!.ErrorCode);
        Assert.Equal("user 'alice' has 1 connections open, the most allowed (max-connections-per-principal)", refused.ErrorMessage);
    }

    /// <summary>A SCRAM login through SaslAuthenticate at <paramref name="version"/>; true when the server's signature checks out.</summary>
    private static async Task<bool> ScramLoginAsync(RawClient client, string user, string password, short version, ScramMechanism mechanism = ScramMechanism.Sha512)
    {
        var clientFirst = $"n,,n={user},r={Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))}";
        var first = await AskAsync<SaslAuthenticateResponse>(client, new SaslAuthenticateRequest { AuthBytes = Encoding.UTF8.GetBytes(clientFirst) }, version);
        Assert.Equal(0, first!.ErrorCode);
        var (final, serverSignature) = ClientFinal(Encoding.UTF8.GetString(first.AuthBytes.Span), clientFirst, password, mechanism);
        var last = await AskAsync<SaslAuthenticateResponse>(client, new SaslAuthenticateRequest { AuthBytes = Encoding.UTF8.GetBytes(final) }, version);
        Assert.True(last!.ErrorCode == 0, last.ErrorMessage);
        return Encoding.UTF8.GetString(last.AuthBytes.Span) == "v=" + Convert.ToBase64String(serverSignature);
    }

    /// <summary>The client-final message of RFC 5802 for a server-first message, and the server signature to expect.</summary>
    private static (string Final, byte[] ServerSignature) ClientFinal(string serverFirst, string clientFirst, string password, ScramMechanism mechanism = ScramMechanism.Sha512)
    {
        var parts = serverFirst.Split(',').ToDictionary(p => p[0], p => p[2..]);
        var salted = ScramCredential.SaltedPassword(mechanism, password, Convert.FromBase64String(parts['s']), int.Parse(parts['i'], System.Globalization.CultureInfo.InvariantCulture));
        var clientKey = ScramCredential.ClientKey(mechanism, salted);
        var withoutProof = $"c=biws,r={parts['r']}";
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirst[3..]},{serverFirst},{withoutProof}");
        var signature = ScramCredential.Hmac(mechanism, ScramCredential.Hash(mechanism, clientKey), authMessage);
        var proof = clientKey.Select((b, i) => (byte)(b ^ signature[i])).ToArray();
        var serverSignature = ScramCredential.Hmac(mechanism, ScramCredential.Hmac(mechanism, salted, "Server Key"u8), authMessage);
        return ($"{withoutProof},p={Convert.ToBase64String(proof)}", serverSignature);
    }
}
