using System.Net;
using System.Security.Cryptography.X509Certificates;
using Actors.Testing;

namespace Actors.Nodes.Tests.Security;

/// <summary>
/// <c>actors certs create</c>: a CA, then node and client certificates it signs, as PEM files whose keys only their
/// owner may read; the node's names become DNS and IP subject alternative names. Bad input is one line and exit 2,
/// and nothing is ever overwritten.
/// </summary>
public sealed class CertsCommandSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly CliProcesses _processes = new("certs", output, reportLines: 20);

    [Fact]
    public async Task Should_make_a_ca_and_node_and_client_certificates_it_signs_with_private_keys()
    {
        // act
        var ca = await _processes.RunAsync(["certs", "create", "--ca", "ca"], Wait);
        var node = await _processes.RunAsync(["certs", "create", "--ca", "ca", "--node", "node1.example,10.1.2.3", "--out", "node1"], Wait);
        var client = await _processes.RunAsync(["certs", "create", "--ca", "ca", "--client", "alice", "--out", "alice"], Wait);

        // assert
        Assert.Equal((0, "wrote ca/ca.crt\nwrote ca/ca.key\n"), (ca.ExitCode, ca.Output));
        Assert.Equal((0, "wrote node1/node.crt\nwrote node1/node.key\nwrote node1/ca.crt\n"), (node.ExitCode, node.Output));
        Assert.Equal(0, client.ExitCode);
        foreach (var key in new[] { "ca/ca.key", "node1/node.key", "alice/client.key" })
            if (!OperatingSystem.IsWindows())
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_processes.Folder.File(key)));
        using var leaf = X509Certificate2.CreateFromPemFile(_processes.Folder.File("node1/node.crt"), _processes.Folder.File("node1/node.key"));
        using var authority = X509CertificateLoader.LoadCertificateFromFile(_processes.Folder.File("ca/ca.crt"));
        Assert.Equal("CN=node1.example", leaf.Subject);
        Assert.Equal(authority.Subject, leaf.Issuer);
        Assert.True(leaf.HasPrivateKey);
        Assert.True(leaf.MatchesHostname("node1.example"));
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["node1.example"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.1.2.3")], names.EnumerateIPAddresses());
        Assert.Equal(await File.ReadAllTextAsync(_processes.Folder.File("ca/ca.crt")), await File.ReadAllTextAsync(_processes.Folder.File("node1/ca.crt")));
    }

    [Theory]
    [InlineData("certs create --node n1", "error: --ca DIR is required: the folder of the CA to create, or of the one that signs")]
    [InlineData("certs create --ca none --node n1", "error: none: no CA there (needs ca.crt and ca.key; make one with `actors certs create --ca none`)")]
    [InlineData("certs create --ca ca --node n1 --client c", "error: --node and --client make different certificates: give one of them")]
    [InlineData("certs create --ca ca --node bad_host!", "error: --node 'bad_host!' is not a host name or IP address")]
    [InlineData("certs create --ca ca --client a/b", "error: --client 'a/b' is not a name of letters, digits, '.', '_', '@' or '-'")]
    [InlineData("certs create --ca ca", "error: ca/ca.crt already exists: remove it or choose another folder (certificates are never overwritten)")]
    public async Task Should_refuse_bad_input_with_one_line_and_exit_2(string commandLine, string error)
    {
        // arrange: a CA already in ca/
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca"], Wait)).ExitCode);

        // act
        var result = await _processes.RunAsync(commandLine.Split(' '), Wait);

        // assert
        Assert.Equal((2, error + "\n", ""), (result.ExitCode, result.Error, result.Output));
    }

    public void Dispose() => _processes.Dispose();
}
