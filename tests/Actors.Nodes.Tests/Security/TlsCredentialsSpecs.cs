using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Actors.Nodes.Certificates;
using Actors.Security;
using Actors.Testing;
using Akka.Event;

namespace Actors.Nodes.Tests.Security;

/// <summary>
/// Loading a TLS identity (<see cref="TlsCredentials"/>): a PEM pair or a PKCS#12 file with its password, checked
/// against the cluster's CA at load; each mistake one line naming the option. Its validator lets in a peer whose
/// certificate the CA signed and refuses, with one line saying why, one from another CA or none at all.
/// </summary>
public sealed class TlsCredentialsSpecs : IDisposable
{
    private readonly TempFolder _folder = new("tls-credentials");

    public TlsCredentialsSpecs()
    {
        DevCertificates.CreateAuthority(_folder.File("ca"), "test CA");
        DevCertificates.CreateLeaf(_folder.File("ca"), _folder.File("node"), "node", ["127.0.0.1", "localhost"]);
        DevCertificates.CreateAuthority(_folder.File("other"), "other CA");
        DevCertificates.CreateLeaf(_folder.File("other"), _folder.File("stranger"), "node", ["127.0.0.1"]);
    }

    [Fact]
    public void Should_load_a_pem_pair_or_a_pfx_with_its_password_and_need_nothing_when_no_file_is_named()
    {
        // arrange
        var pem = Pem("node", "node");
        using var exported = X509Certificate2.CreateFromPemFile(pem.Cert!, pem.Key);
        File.WriteAllBytes(_folder.File("node.pfx"), exported.Export(X509ContentType.Pkcs12, "s3cret"));

        // act
        var fromPem = TlsCredentials.Load(pem);
        var fromPfx = TlsCredentials.Load(new TlsFiles(Ca: pem.Ca, Pfx: _folder.File("node.pfx"), Password: "s3cret"));

        // assert
        Assert.Null(TlsCredentials.Load(TlsFiles.None));
        Assert.Equal("CN=127.0.0.1", fromPem!.Certificate.Subject);
        Assert.True(fromPem.Certificate.HasPrivateKey);
        Assert.Equal(fromPem.Certificate.Thumbprint, fromPfx!.Certificate.Thumbprint);
        var wrong = Assert.Throws<TlsException>(() => TlsCredentials.Load(new TlsFiles(Ca: pem.Ca, Pfx: _folder.File("node.pfx"), Password: "guess")));
        Assert.StartsWith($"{_folder.File("node.pfx")}: cannot read it as PKCS#12 (", wrong.Message);
        Assert.EndsWith("; wrong --tls-password?) (--tls-pfx)", wrong.Message);
    }

    [Fact]
    public void Should_refuse_at_load_a_certificate_the_ca_did_not_sign_and_files_that_are_missing()
    {
        // arrange
        var mixed = Pem("stranger", "node") with { Ca = _folder.File("node/ca.crt") };

        // act and assert
        Assert.Equal($"{mixed.Cert}: certificate 'CN=127.0.0.1' is not signed by this cluster's CA (--tls-ca {mixed.Ca})",
            Assert.Throws<TlsException>(() => TlsCredentials.Load(mixed)).Message);
        Assert.Equal($"{_folder.File("nope.crt")}: file not found (--tls-cert)",
            Assert.Throws<TlsException>(() => TlsCredentials.Load(mixed with { Cert = _folder.File("nope.crt") })).Message);
        Assert.Equal("--tls-ca FILE is required with a certificate: the cluster's CA, which every peer's certificate must be signed by",
            Assert.Throws<TlsException>(() => TlsCredentials.Load(mixed with { Ca = null })).Message);
        Assert.Equal($"{mixed.Key}: holds no PEM certificate (--tls-ca)",
            Assert.Throws<TlsException>(() => TlsCredentials.Load(mixed with { Ca = mixed.Key })).Message);
    }

    [Fact]
    public void Should_let_in_only_peers_whose_certificate_the_ca_signed_and_say_why_others_are_refused()
    {
        // arrange
        var node = TlsCredentials.Load(Pem("node", "node"))!;
        var stranger = TlsCredentials.Load(Pem("stranger", "node"))!;
        var refusals = new List<string>();
        var validator = node.Validator(refusals.Add);

        // act
        var member = validator(node.Certificate, null, "peer-a", SslPolicyErrors.None, NoLogger.Instance);
        var other = validator(stranger.Certificate, null, "peer-b", SslPolicyErrors.RemoteCertificateChainErrors, NoLogger.Instance);
        var none = validator(null, null, "peer-c", SslPolicyErrors.RemoteCertificateNotAvailable, NoLogger.Instance);

        // assert
        Assert.Equal((true, false, false), (member, other, none));
        Assert.Equal(["certificate 'CN=127.0.0.1' is not signed by this cluster's CA",
            "certificate is missing (every node and client needs one signed by the cluster's CA)"], refusals);
    }

    public void Dispose() => _folder.Dispose();

    private TlsFiles Pem(string folder, string kind) =>
        new(_folder.File($"{folder}/{kind}.crt"), _folder.File($"{folder}/{kind}.key"), _folder.File($"{folder}/ca.crt"));
}
