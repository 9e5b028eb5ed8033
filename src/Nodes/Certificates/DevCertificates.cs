using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Actors.Security;

namespace Actors.Nodes.Certificates;

/// <summary>
/// Makes a development CA and the node and client certificates it signs, with the BCL's
/// <see cref="CertificateRequest"/> (ECDSA P-256 keys), as PEM files whose keys only their owner may read (0600).
/// Every certificate may serve both ends of a TLS connection (server and client authentication): a node calls
/// other nodes and is called by them, and Akka remoting may call a client back.
/// </summary>
public static class DevCertificates
{
    public const string CaCertFile = "ca.crt";
    public const string CaKeyFile = "ca.key";

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(825);

    /// <summary>Writes <c>ca.crt</c> and <c>ca.key</c> into <paramref name="folder"/>; refuses to replace an existing CA.</summary>
    public static IReadOnlyList<string> CreateAuthority(string folder, string name)
    {
        var (cert, key) = (Path.Combine(folder, CaCertFile), Path.Combine(folder, CaKeyFile));
        RefuseExisting(cert, key);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ca = request.CreateSelfSigned(now, now + CaLifetime);
        Write(folder, cert, ca.ExportCertificatePem(), key, ecdsa.ExportPkcs8PrivateKeyPem());
        return [cert, key];
    }

    /// <summary>
    /// Writes <c>{kind}.crt</c>, <c>{kind}.key</c> and a copy of <c>ca.crt</c> into <paramref name="outFolder"/>: a
    /// certificate for <paramref name="names"/> (the first is its CN; each is a DNS or IP subject alternative name)
    /// signed by the CA in <paramref name="caFolder"/>.
    /// </summary>
    public static IReadOnlyList<string> CreateLeaf(string caFolder, string outFolder, string kind, IReadOnlyList<string> names)
    {
        using var ca = LoadAuthority(caFolder);
        var (cert, key, caCopy) = (Path.Combine(outFolder, kind + ".crt"), Path.Combine(outFolder, kind + ".key"), Path.Combine(outFolder, CaCertFile));
        RefuseExisting(cert, key);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={names[0]}"), ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "serverAuth"), new Oid("1.3.6.1.5.5.7.3.2", "clientAuth")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name.Trim('[', ']'), out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = now + LeafLifetime < ca.NotAfter ? now + LeafLifetime : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        using var leaf = request.Create(ca, now, notAfter, RandomNumberGenerator.GetBytes(16));
        Write(outFolder, cert, leaf.ExportCertificatePem(), key, ecdsa.ExportPkcs8PrivateKeyPem());
        if (!SamePath(caCopy, Path.Combine(caFolder, CaCertFile))) File.WriteAllText(caCopy, ca.ExportCertificatePem() + "\n");
        return [cert, key, caCopy];
    }

    /// <summary>The CA of <paramref name="folder"/> with its key, or one line saying what is missing.</summary>
    private static X509Certificate2 LoadAuthority(string folder)
    {
        var (cert, key) = (Path.Combine(folder, CaCertFile), Path.Combine(folder, CaKeyFile));
        if (!File.Exists(cert) || !File.Exists(key))
            throw new TlsException($"{folder}: no CA there (needs {CaCertFile} and {CaKeyFile}; make one with `actors certs create --ca {folder}`)");
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(cert, key);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException ex)
        {
            throw new TlsException($"{cert} with {key}: not a CA certificate and its key ({ex.Message.ReplaceLineEndings(" ").Trim()})");
        }
    }

    private static void RefuseExisting(params string[] paths)
    {
        foreach (var path in paths)
            if (File.Exists(path))
                throw new TlsException($"{path} already exists: remove it or choose another folder (certificates are never overwritten)");
    }

    private static void Write(string folder, string certPath, string certPem, string keyPath, string keyPem)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(certPath, certPem + "\n");
        var owner = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) owner.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var key = new StreamWriter(keyPath, owner);
        key.Write(keyPem + "\n");
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
