using System.Security.Cryptography;
using Actors.Security;

namespace Actors.Kafka.Server.Sasl;

/// <summary>
/// The server side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677) for one connection, as Kafka runs it: the client-first
/// message (gs2 header <c>n,,</c> or <c>y,,</c>, no channel binding, <c>n=user,r=nonce</c>) is answered with the
/// combined nonce, the salt and the iteration count; the client-final message (<c>c=biws,r=...,p=proof</c>) is
/// checked against the stored key, and a good proof is answered with the server signature (<c>v=...</c>).
/// KEY PATTERN: an unknown user gets the same exchange with a made-up credential (a salt derived from the name, so
/// two attempts look alike) and fails at the proof with the same words as a wrong password: names cannot be probed.
/// </summary>
public sealed class ScramServer : ISaslServer
{
    private static readonly byte[] FakeSaltKey = RandomNumberGenerator.GetBytes(32);
    private readonly ScramMechanism _mechanism;
    private readonly Func<string, ScramCredential?> _lookup;
    private readonly string _serverNonce;
    private Stage _stage = Stage.ClientFirst;
    private string _gs2Header = "";
    private string _clientFirstBare = "";
    private string _serverFirst = "";
    private string _nonce = "";
    private string _clientNonce = "";
    private string _user = "";
    private ScramCredential? _credential;

    /// <param name="mechanism">SHA-256 or SHA-512.</param>
    /// <param name="lookup">The credential of a user for this mechanism; null for a user that does not exist.</param>
    /// <param name="serverNonce">The server's part of the nonce; null: 24 random bytes, base64 (a spec fixes it to check RFC 7677's vector).</param>
    public ScramServer(ScramMechanism mechanism, Func<string, ScramCredential?> lookup, string? serverNonce = null)
    {
        _mechanism = mechanism;
        _lookup = lookup;
        _serverNonce = serverNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    }

    private enum Stage
    {
        ClientFirst,
        ClientFinal,
        Done,
    }

    public string MechanismName => ScramCredential.NameOf(_mechanism);

    public SaslStep Step(ReadOnlySpan<byte> token)
    {
        string message;
        try
        {
            message = new UTF8Encoding(false, true).GetString(token);
        }
        catch (DecoderFallbackException)
        {
            _stage = Stage.Done;
            return SaslStep.Failure("a SCRAM message must be UTF-8");
        }

        var stage = _stage;
        _stage = Stage.Done;
        return stage switch
        {
            Stage.ClientFirst => ClientFirst(message),
            Stage.ClientFinal => ClientFinal(message),
            _ => SaslStep.Failure("the SCRAM exchange is over"),
        };
    }

    private SaslStep ClientFirst(string message)
    {
        // gs2-header: "n," or "y," (no channel binding; "p=" asks for one, which Kafka does not offer), then [a=authzid] ","
        var first = message.IndexOf(',');
        var second = first < 0 ? -1 : message.IndexOf(',', first + 1);
        if (second < 0) return SaslStep.Failure("invalid SCRAM client-first message: no gs2 header");
        var binding = message[..first];
        if (binding is not ("n" or "y")) return SaslStep.Failure("SCRAM channel binding is not supported");
        _gs2Header = message[..(second + 1)];
        _clientFirstBare = message[(second + 1)..];
        var attributes = Attributes(_clientFirstBare);
        if (attributes is null || !attributes.TryGetValue('n', out var rawUser) || !attributes.TryGetValue('r', out var clientNonce) || clientNonce.Length == 0)
            return SaslStep.Failure("invalid SCRAM client-first message: it needs n=user,r=nonce");
        if (attributes.ContainsKey('m')) return SaslStep.Failure("SCRAM extensions (m=) are not supported");
        if (Unescape(rawUser) is not { Length: > 0 } user) return SaslStep.Failure("invalid SCRAM user name");
        var authzid = message[(first + 1)..second];
        if (authzid.Length > 0 && (!authzid.StartsWith("a=", StringComparison.Ordinal) || Unescape(authzid[2..]) != user))
            return SaslStep.Failure("an authorization id other than the user is not allowed");
        _user = user;
        _credential = _lookup(user);
        var credential = _credential ?? Fake(user);
        _clientNonce = clientNonce;
        _nonce = clientNonce + _serverNonce;
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(credential.Salt)},i={credential.Iterations}";
        _stage = Stage.ClientFinal;
        return SaslStep.Continue(Encoding.UTF8.GetBytes(_serverFirst));
    }

    private SaslStep ClientFinal(string message)
    {
        var proofAt = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0) return SaslStep.Failure("invalid SCRAM client-final message: no proof");
        var withoutProof = message[..proofAt];
        var attributes = Attributes(withoutProof);
        if (attributes is null || !attributes.TryGetValue('c', out var channel) || !attributes.TryGetValue('r', out var nonce))
            return SaslStep.Failure("invalid SCRAM client-final message: it needs c=,r=,p=");
        if (channel != Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2Header))) return SaslStep.Failure("SCRAM channel binding does not match the gs2 header");
        // librdkafka before 2.6.1 (Debian's kcat) sends its nonce twice, client nonce + combined nonce; Kafka before 4.0
        // accepted that (it compared the end), so this does too, for exactly that form.
        if (nonce != _nonce && nonce != _clientNonce + _nonce) return SaslStep.Failure("the SCRAM nonce does not match");
        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(message[(proofAt + 3)..]);
        }
        catch (FormatException)
        {
            return SaslStep.Failure("the SCRAM proof is not base64");
        }

        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        var credential = _credential ?? Fake(_user);
        var signature = ScramCredential.Hmac(_mechanism, credential.StoredKey, authMessage);
        if (_credential is null || proof.Length != signature.Length) return SaslStep.Failure(Failed());
        var clientKey = new byte[proof.Length];
        for (var i = 0; i < proof.Length; i++) clientKey[i] = (byte)(proof[i] ^ signature[i]);
        if (!CryptographicOperations.FixedTimeEquals(ScramCredential.Hash(_mechanism, clientKey), credential.StoredKey)) return SaslStep.Failure(Failed());
        var serverSignature = ScramCredential.Hmac(_mechanism, credential.ServerKey, authMessage);
        return SaslStep.Success(_user, Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature)));
    }

    private string Failed() => $"Authentication failed during authentication due to invalid credentials with SASL mechanism {MechanismName}";

    /// <summary>A credential for a user that does not exist: stable per name, matching no password.</summary>
    private ScramCredential Fake(string user)
    {
        var salt = HMACSHA256.HashData(FakeSaltKey, Encoding.UTF8.GetBytes(user));
        var key = ScramCredential.Hash(_mechanism, salt);
        return new ScramCredential(_mechanism, salt, ScramCredential.DefaultIterations, key, key);
    }

    /// <summary>Comma-separated <c>k=value</c> attributes; null when one is malformed or repeated.</summary>
    private static Dictionary<char, string>? Attributes(string text)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in text.Split(','))
        {
            if (part.Length < 2 || part[1] != '=' || !result.TryAdd(part[0], part[2..])) return null;
        }

        return result;
    }

    /// <summary>A saslname: <c>=2C</c> is a comma, <c>=3D</c> an equals sign, any other <c>=</c> is invalid (null).</summary>
    private static string? Unescape(string name)
    {
        var text = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != '=')
            {
                text.Append(name[i]);
                continue;
            }

            var escape = i + 2 < name.Length ? name.Substring(i + 1, 2) : "";
            if (escape is not ("2C" or "3D")) return null;
            text.Append(escape == "2C" ? ',' : '=');
            i += 2;
        }

        return text.ToString();
    }
}
