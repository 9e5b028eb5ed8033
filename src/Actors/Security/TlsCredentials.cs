using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Transport.DotNetty;

namespace Actors.Security;

/// <summary>
/// A node's or client's TLS identity, loaded and checked: its certificate with the private key, and the cluster's CA.
/// Akka.Remote's DotNetty transport does the TLS (<c>enable-ssl</c>, scheme <c>akka.ssl.tcp</c>) and asks both sides
/// for a certificate (<c>require-mutual-authentication</c>); <see cref="Setup"/> hands it the certificate and a
/// validator of ours. KEY PATTERN: Akka's own chain check trusts the machine's root store, where a cluster's private
/// CA is not (and should not be installed); the validator instead builds the peer's chain against the CA file alone
/// (<see cref="X509ChainTrustMode.CustomRootTrust"/>), so only certificates that CA signed get in, whatever the
/// machine trusts. Host names are not checked: nodes call each other by IP address, and the CA is the credential.
/// </summary>
public sealed class TlsCredentials
{
    /// <summary>The scheme of remoting addresses over TLS (plain TCP is <c>akka.tcp</c>).</summary>
    public const string Protocol = "akka.ssl.tcp";

    /// <summary>The HOCON that turns TLS on; the certificate and validator come through <see cref="Setup"/>.</summary>
    public const string EnableHocon = "akka.remote.dot-netty.tcp.enable-ssl = on";

    private TlsCredentials(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    /// <summary>This side's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificates a peer's certificate must chain to.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>The remoting scheme for <paramref name="tls"/>: <c>akka.ssl.tcp</c> with TLS, else <c>akka.tcp</c>.</summary>
    public static string ProtocolOf(TlsCredentials? tls) => tls is null ? "akka.tcp" : Protocol;

    /// <summary>
    /// Loads <paramref name="files"/>, or returns null when they name nothing. Every problem is one line
    /// (<see cref="TlsException"/>): a missing pair or CA, a file that is not there or not a certificate, a key that
    /// does not match, a certificate the CA did not sign or that has expired.
    /// </summary>
    public static TlsCredentials? Load(TlsFiles files)
    {
        if (!files.Any) return null;
        if (files.Pfx is not null && (files.Cert is not null || files.Key is not null))
            throw new TlsException("--tls-pfx and --tls-cert/--tls-key name the same thing: give one or the other");
        if (files.Pfx is null && (files.Cert is null || files.Key is null))
            throw new TlsException(files.Cert is null && files.Key is null
                ? "--tls-ca needs this side's certificate too: --tls-cert FILE --tls-key FILE, or --tls-pfx FILE"
                : "--tls-cert and --tls-key go together: the certificate and its private key");
        if (files.Ca is null)
            throw new TlsException("--tls-ca FILE is required with a certificate: the cluster's CA, which every peer's certificate must be signed by");

        var authorities = LoadAuthorities(files.Ca);
        var certificate = files.Pfx is not null ? LoadPfx(files.Pfx, files.Password) : LoadPem(files.Cert!, files.Key!, files.Password);
        var credentials = new TlsCredentials(certificate, authorities);
        if (credentials.Verify(certificate, null) is { } problem)
            throw new TlsException($"{files.Pfx ?? files.Cert}: certificate '{certificate.Subject}' {problem} (--tls-ca {files.Ca})");
        return credentials;
    }

    /// <summary>
    /// What Akka's transport takes: this side's certificate, mutual authentication, no host-name check, and
    /// <see cref="Validator"/>. <paramref name="refused"/> also hears why each peer was refused (a client has no log to write it to).
    /// </summary>
    public DotNettySslSetup Setup(Action<string>? refused = null) =>
        new(Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, Validator(refused));

    /// <summary>
    /// Accepts a peer whose certificate chains to <see cref="Authorities"/> and is valid now; refuses any other with
    /// one warning line naming the peer, the certificate's subject and why.
    /// </summary>
    public CertificateValidationCallback Validator(Action<string>? refused = null) => (certificate, chain, peer, _, log) =>
    {
        if (Refusal(certificate, chain) is not { } reason) return true;
        log.Warning("{0}", $"TLS: refused {peer}: {reason}");
        refused?.Invoke(reason);
        return false;
    };

    /// <summary>
    /// Null when a peer's <paramref name="certificate"/> chains to <see cref="Authorities"/> and is valid now; else why
    /// it is refused, naming its subject: the words of every door that checks peers with these credentials (remoting,
    /// the data links).
    /// </summary>
    public string? Refusal(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null) return "certificate is missing (every node and client needs one signed by the cluster's CA)";
        var presented = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return Verify(presented, chain) is { } problem ? $"certificate '{presented.Subject}' {problem}" : null;
    }

    /// <summary>Null when <paramref name="certificate"/> chains to the CA and is valid now; else why not, as words.</summary>
    internal string? Verify(X509Certificate2 certificate, X509Chain? presented) => Verify(certificate, presented, Authorities);

    /// <summary>
    /// Null when <paramref name="certificate"/> chains to one of <paramref name="authorities"/> (and only to them) and is
    /// valid now; else why not, as words. Every door that takes certificates checks them here (Akka's transport, the
    /// Kafka listener).
    /// </summary>
    public static string? Verify(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (chain.Build(certificate)) return null;
        var status = chain.ChainStatus.Select(s => s.Status).ToList();
        if (status.Contains(X509ChainStatusFlags.PartialChain) || status.Contains(X509ChainStatusFlags.UntrustedRoot))
            return "is not signed by this cluster's CA";
        if (status.Contains(X509ChainStatusFlags.NotTimeValid))
            return $"is not valid now (valid {certificate.NotBefore:yyyy-MM-dd} to {certificate.NotAfter:yyyy-MM-dd})";
        return "was refused: " + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(Existing(path, "--tls-ca"));
        }
        catch (CryptographicException ex)
        {
            throw new TlsException($"{path}: not a PEM certificate ({ex.Message}) (--tls-ca)");
        }

        return authorities.Count > 0 ? authorities : throw new TlsException($"{path}: holds no PEM certificate (--tls-ca)");
    }

    private static X509Certificate2 LoadPem(string certPath, string keyPath, string? password)
    {
        Existing(certPath, "--tls-cert");
        Existing(keyPath, "--tls-key");
        try
        {
            using var pem = password is null
                ? X509Certificate2.CreateFromPemFile(certPath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certPath, password, keyPath);
            // A key from PEM is ephemeral; SslStream on some platforms cannot use one, so it goes round PKCS#12 once.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException ex)
        {
            throw new TlsException($"{certPath} with {keyPath}: not a PEM certificate and its private key ({FirstLine(ex.Message)}) (--tls-cert/--tls-key)");
        }
        catch (ArgumentException ex)
        {
            throw new TlsException($"{certPath} with {keyPath}: not a PEM certificate and its private key ({FirstLine(ex.Message)}) (--tls-cert/--tls-key)");
        }
    }

    private static X509Certificate2 LoadPfx(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(Existing(path, "--tls-pfx"), password);
            return certificate.HasPrivateKey ? certificate : throw new TlsException($"{path}: holds no private key (--tls-pfx)");
        }
        catch (CryptographicException ex)
        {
            throw new TlsException($"{path}: cannot read it as PKCS#12 ({FirstLine(ex.Message)}; wrong --tls-password?) (--tls-pfx)");
        }
    }

    private static string Existing(string path, string option) =>
        File.Exists(path) ? path : throw new TlsException($"{path}: file not found ({option})");

    private static string FirstLine(string text) => text.ReplaceLineEndings("\n").Split('\n')[0].Trim().TrimEnd('.');
}
