using System.Security.Cryptography;
using System.Text;

namespace Actors.Security;

/// <summary>The SCRAM hash functions a credential is kept for (RFC 5802 with SHA-256 or SHA-512, RFC 7677).</summary>
public enum ScramMechanism
{
    Sha256 = 256,
    Sha512 = 512,
}

/// <summary>
/// A user's password as SCRAM keeps it (RFC 5802): a random salt, the PBKDF2 iteration count, and two keys derived
/// from the salted password; the password itself is never stored. <see cref="StoredKey"/> checks a client's proof
/// (or a password given in the clear over TLS), <see cref="ServerKey"/> proves the server knew the credential.
/// The CLI derives credentials on the operator's machine, so a password never travels to a node.
/// </summary>
public sealed record ScramCredential(ScramMechanism Mechanism, byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>Kafka's minimum, and its default for new credentials.</summary>
    public const int DefaultIterations = 4096;

    /// <summary>Every mechanism a new user gets a credential for.</summary>
    public static readonly IReadOnlyList<ScramMechanism> Mechanisms = [ScramMechanism.Sha256, ScramMechanism.Sha512];

    /// <summary>The mechanism's SASL name: <c>SCRAM-SHA-256</c> or <c>SCRAM-SHA-512</c>.</summary>
    public string MechanismName => NameOf(Mechanism);

    public static string NameOf(ScramMechanism mechanism) => mechanism == ScramMechanism.Sha256 ? "SCRAM-SHA-256" : "SCRAM-SHA-512";

    /// <summary>The mechanism a SASL name stands for (case-insensitive); null for any other name.</summary>
    public static ScramMechanism? Parse(string? name) => name?.ToUpperInvariant() switch
    {
        "SCRAM-SHA-256" => ScramMechanism.Sha256,
        "SCRAM-SHA-512" => ScramMechanism.Sha512,
        _ => null,
    };

    /// <summary>A new credential for <paramref name="password"/> with a fresh random salt.</summary>
    public static ScramCredential Create(string password, ScramMechanism mechanism, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(32);
        var salted = SaltedPassword(mechanism, password, salt, iterations);
        return new ScramCredential(mechanism, salt, iterations, Hash(mechanism, ClientKey(mechanism, salted)), Hmac(mechanism, salted, "Server Key"u8));
    }

    /// <summary>Whether <paramref name="password"/> is the one this credential was made from (in time independent of where it differs).</summary>
    public bool Matches(string password)
    {
        if (Iterations is < 1 or > 1_000_000) return false;
        var salted = SaltedPassword(Mechanism, password, Salt, Iterations);
        return CryptographicOperations.FixedTimeEquals(Hash(Mechanism, ClientKey(Mechanism, salted)), StoredKey);
    }

    /// <summary>Hi(password, salt, i) of RFC 5802: PBKDF2 with the mechanism's HMAC.</summary>
    public static byte[] SaltedPassword(ScramMechanism mechanism, string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, Algorithm(mechanism), HashLength(mechanism));

    /// <summary>ClientKey = HMAC(SaltedPassword, "Client Key").</summary>
    public static byte[] ClientKey(ScramMechanism mechanism, byte[] saltedPassword) => Hmac(mechanism, saltedPassword, "Client Key"u8);

    public static byte[] Hmac(ScramMechanism mechanism, byte[] key, ReadOnlySpan<byte> data) =>
        mechanism == ScramMechanism.Sha256 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);

    public static byte[] Hash(ScramMechanism mechanism, ReadOnlySpan<byte> data) =>
        mechanism == ScramMechanism.Sha256 ? SHA256.HashData(data) : SHA512.HashData(data);

    private static HashAlgorithmName Algorithm(ScramMechanism mechanism) =>
        mechanism == ScramMechanism.Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;

    private static int HashLength(ScramMechanism mechanism) => mechanism == ScramMechanism.Sha256 ? 32 : 64;
}

/// <summary>A user of the cluster: its name (the principal requests carry) and its SCRAM credentials, one per mechanism.</summary>
public sealed record UserRecord(string Name, IReadOnlyList<ScramCredential> Credentials)
{
    /// <summary>A user for <paramref name="name"/> with a credential for each of <see cref="ScramCredential.Mechanisms"/>.</summary>
    public static UserRecord Create(string name, string password, int iterations = ScramCredential.DefaultIterations) =>
        new(name, ScramCredential.Mechanisms.Select(m => ScramCredential.Create(password, m, iterations)).ToList());

    /// <summary>The credential for <paramref name="mechanism"/>, or null.</summary>
    public ScramCredential? Credential(ScramMechanism mechanism) => Credentials.FirstOrDefault(c => c.Mechanism == mechanism);

    /// <summary>Whether <paramref name="password"/> is this user's (checked against the strongest credential it has).</summary>
    public bool Matches(string password) =>
        Credentials.OrderByDescending(c => (int)c.Mechanism).FirstOrDefault() is { } credential && credential.Matches(password);

    /// <summary>
    /// Why <paramref name="name"/> cannot name a user, or null: 1 to 128 characters, letters, digits and <c>. _ - @</c>
    /// (no <c>*</c>, which in an ACL means everyone, no spaces, no SASL separators such as <c>,</c> and <c>=</c>).
    /// </summary>
    public static string? Invalid(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "a user name must not be empty";
        if (name.Length > 128) return $"a user name has at most 128 characters, not {name.Length}";
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            ? null
            : $"user name '{name}' may hold only letters, digits and . _ - @";
    }
}
