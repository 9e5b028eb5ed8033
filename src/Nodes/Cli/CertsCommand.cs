using System.CommandLine;
using System.Text.RegularExpressions;
using Actors.Nodes.Certificates;
using Actors.Security;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors certs create</c>: a development CA (<c>--ca DIR</c> alone), or a node (<c>--node HOST</c>) or client
/// (<c>--client NAME</c>) certificate that CA signs, written to <c>--out DIR</c> with a copy of <c>ca.crt</c>: the three
/// files <c>--tls-cert</c>, <c>--tls-key</c> and <c>--tls-ca</c> take (<see cref="DevCertificates"/>).
/// </summary>
internal static partial class CertsCommand
{
    public static Command Create()
    {
        var ca = new Option<string?>("--ca") { Description = "The CA's folder (ca.crt, ca.key): created when given alone, else the CA that signs" };
        var node = new Option<string[]>("--node")
        {
            Description = "Make a node certificate for this host name or IP address (subject alternative name); repeatable or comma-separated, the first is its CN",
            AllowMultipleArgumentsPerToken = false,
        };
        var client = new Option<string?>("--client") { Description = "Make a client certificate (for the CLI or a .NET client) with this name as its CN" };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for node.crt/node.key or client.crt/client.key and a copy of ca.crt [default: the current folder]" };
        var create = new Command("create", "Make a development CA, or a node or client certificate signed by it (PEM files; keys readable by their owner only)")
        {
            ca, node, client, output,
        };
        create.SetAction(parse =>
        {
            var caFolder = parse.GetValue(ca);
            var hosts = (parse.GetValue(node) ?? []).SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var clientName = parse.GetValue(client);
            var outFolder = parse.GetValue(output);
            if (caFolder is null) return ExitCodes.Fail("--ca DIR is required: the folder of the CA to create, or of the one that signs");
            if (hosts.Count > 0 && clientName is not null) return ExitCodes.Fail("--node and --client make different certificates: give one of them");
            if (hosts.FirstOrDefault(h => !HostName().IsMatch(h)) is { } badHost)
                return ExitCodes.Fail($"--node '{badHost}' is not a host name or IP address");
            if (clientName is not null && !ClientName().IsMatch(clientName))
                return ExitCodes.Fail($"--client '{clientName}' is not a name of letters, digits, '.', '_', '@' or '-'");
            if (hosts.Count == 0 && clientName is null && outFolder is not null)
                return ExitCodes.Fail("--out goes with --node or --client; a CA is created in its --ca folder");
            try
            {
                var written = hosts.Count > 0 ? DevCertificates.CreateLeaf(caFolder, outFolder ?? ".", "node", hosts)
                    : clientName is not null ? DevCertificates.CreateLeaf(caFolder, outFolder ?? ".", "client", [clientName])
                    : DevCertificates.CreateAuthority(caFolder, "Actors development CA");
                foreach (var file in written) Console.WriteLine($"wrote {file}");
                return ExitCodes.Ok;
            }
            catch (TlsException ex)
            {
                return ExitCodes.Fail(ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return ExitCodes.Fail(ex.Message, ExitCodes.Failure);
            }
        });
        return new Command("certs", "Development certificates for mutual TLS between nodes and clients (see README, Secure a cluster)") { create };
    }

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[A-Za-z0-9._@-]+$")]
    private static partial Regex ClientName();
}
