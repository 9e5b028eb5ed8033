using Actors.Kafka.Server.Sasl;
using Actors.Security;

namespace Actors.Kafka.Server.Sasl;

/// <summary>
/// The SCRAM server against RFC 7677's SCRAM-SHA-256 exchange (user "user", password "pencil"), a wrong proof and an
/// unknown user (the same failure after the same shape of exchange), PLAIN, and random tokens (one failure, no throw).
/// </summary>
public sealed class ScramServerSpecs
{
    private const string ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string ServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramCredential Pencil()
    {
        var salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");
        var salted = ScramCredential.SaltedPassword(ScramMechanism.Sha256, "pencil", salt, 4096);
        return new ScramCredential(ScramMechanism.Sha256, salt, 4096,
            ScramCredential.Hash(ScramMechanism.Sha256, ScramCredential.ClientKey(ScramMechanism.Sha256, salted)),
            ScramCredential.Hmac(ScramMechanism.Sha256, salted, "Server Key"u8));
    }

    private static ScramServer Server(string serverNonce = ServerNonce) =>
        new(ScramMechanism.Sha256, user => user == "user" ? Pencil() : null, serverNonce);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Should_answer_rfc_7677s_exchange_with_its_server_first_and_server_final_messages()
    {
        // arrange
        var server = Server();

        // act
        var first = server.Step(Bytes(ClientFirst));
        var final = server.Step(Bytes(ClientFinal));

        // assert
        Assert.False(first.Complete);
        Assert.Equal(ServerFirst, Encoding.UTF8.GetString(first.Challenge));
        Assert.True(final.Complete);
        Assert.Null(final.Error);
        Assert.Equal("user", final.Principal);
        Assert.Equal(ServerFinal, Encoding.UTF8.GetString(final.Challenge));
    }

    [Fact]
    public void Should_refuse_a_wrong_proof_and_an_unknown_user_with_the_same_words()
    {
        // arrange
        var wrongProof = ClientFinal[..^8] + "AAAAAAA=";
        var stranger = Server();

        // act
        var wrong = Server();
        wrong.Step(Bytes(ClientFirst));
        var refused = wrong.Step(Bytes(wrongProof));
        var strangerFirst = stranger.Step(Bytes("n,,n=nobody,r=rOprNGfwEbeRWgbNEkqO"));
        var strangerFirstAgain = Server().Step(Bytes("n,,n=nobody,r=rOprNGfwEbeRWgbNEkqO"));
        var strangerFinal = stranger.Step(Bytes(ClientFinal));

        // assert: the unknown user gets a salt and iterations like anyone's, stable per name, and the same failure
        Assert.True(refused.Complete);
        Assert.Null(refused.Principal);
        Assert.Equal("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256", refused.Error);
        Assert.Matches("^r=rOprNGfwEbeRWgbNEkqO.+,s=[A-Za-z0-9+/=]{44},i=4096$", Encoding.UTF8.GetString(strangerFirst.Challenge));
        Assert.Equal(strangerFirst.Challenge, strangerFirstAgain.Challenge);
        Assert.Equal(refused.Error, strangerFinal.Error);
    }

    [Theory]
    [InlineData("p=tls-unique,,n=user,r=abc", "SCRAM channel binding is not supported")]
    [InlineData("n,,r=abc", "invalid SCRAM client-first message: it needs n=user,r=nonce")]
    [InlineData("n,a=admin,n=user,r=abc", "an authorization id other than the user is not allowed")]
    [InlineData("n,,n=us=er,r=abc", "invalid SCRAM user name")]
    [InlineData("nonsense", "invalid SCRAM client-first message: no gs2 header")]
    public void Should_refuse_a_malformed_client_first_message_with_one_reason(string message, string reason)
    {
        // act
        var step = Server().Step(Bytes(message));

        // assert
        Assert.True(step.Complete);
        Assert.Equal(reason, step.Error);
    }

    [Fact]
    public void Should_refuse_a_client_final_message_with_another_nonce_or_channel_binding()
    {
        // arrange
        var otherNonce = Server();
        otherNonce.Step(Bytes(ClientFirst));
        var otherBinding = Server();
        otherBinding.Step(Bytes(ClientFirst));

        // act
        var nonce = otherNonce.Step(Bytes(ClientFinal.Replace("k0,p=", "k1,p=", StringComparison.Ordinal)));
        var binding = otherBinding.Step(Bytes(ClientFinal.Replace("c=biws", "c=eSws", StringComparison.Ordinal)));

        // assert
        Assert.Equal("the SCRAM nonce does not match", nonce.Error);
        Assert.Equal("SCRAM channel binding does not match the gs2 header", binding.Error);
    }

    [Fact]
    public void Should_check_plain_logins_and_refuse_another_authorization_id()
    {
        // arrange
        var credentials = new FixedCredentials(("alice", "secret"));

        // act
        var good = new PlainServer(credentials).Step(Bytes("\0alice\0secret"));
        var same = new PlainServer(credentials).Step(Bytes("alice\0alice\0secret"));
        var wrong = new PlainServer(credentials).Step(Bytes("\0alice\0nope"));
        var other = new PlainServer(credentials).Step(Bytes("admin\0alice\0secret"));

        // assert
        Assert.Equal("alice", good.Principal);
        Assert.Equal("alice", same.Principal);
        Assert.Equal("Authentication failed: Invalid username or password with SASL mechanism PLAIN", wrong.Error);
        Assert.Equal("an authorization id other than the user is not allowed", other.Error);
    }

    [Fact]
    public void Should_answer_random_tokens_with_one_failure_and_never_throw()
    {
        // arrange
        var random = new Random(14);
        var credentials = new FixedCredentials(("user", "pencil"));

        // act / assert: each mechanism, 2000 random first tokens and second tokens after a good first
        for (var i = 0; i < 2000; i++)
        {
            var token = new byte[random.Next(0, 200)];
            random.NextBytes(token);
            if (i % 3 == 0) token = Bytes("n,,n=user,r=" + Convert.ToBase64String(token));
            foreach (var name in SaslMechanisms.All)
            {
                var server = SaslMechanisms.Create(name, credentials)!;
                var step = server.Step(token);
                if (step.Error is null && !step.Complete) step = server.Step(token);
                Assert.True(step.Complete, $"{name} after {i}: an exchange of garbage must end");
                Assert.NotNull(step.Error);
                Assert.Null(step.Principal);
            }
        }
    }

    /// <summary>Users with passwords, as a SASL listener's spec needs them.</summary>
    internal sealed class FixedCredentials(params (string User, string Password)[] users) : ISaslCredentials
    {
        private readonly Dictionary<string, UserRecord> _users = users.ToDictionary(u => u.User, u => UserRecord.Create(u.User, u.Password));

        public ScramCredential? Scram(string user, ScramMechanism mechanism) => _users.GetValueOrDefault(user)?.Credential(mechanism);

        public string? Plain(string user, string password) => _users.TryGetValue(user, out var found) && found.Matches(password) ? user : null;
    }
}
