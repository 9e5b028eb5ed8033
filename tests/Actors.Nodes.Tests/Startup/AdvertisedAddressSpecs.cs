using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Actors.Testing;

namespace Actors.Nodes.Tests.Startup;

/// <summary>
/// Where a node listens and what it tells others to call it: <c>--host 0.0.0.0</c> binds every interface and
/// advertises a real address of this machine (a client cannot call 0.0.0.0), <c>--public-host</c> chooses it,
/// and a client that names the node <c>localhost</c> reaches a node that advertises 127.0.0.1.
/// </summary>
public sealed class AdvertisedAddressSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly CliProcesses _processes = new("advertised", output);

    [Fact]
    public async Task Should_bind_every_interface_and_advertise_an_address_clients_can_use()
    {
        // act
        var node = await _processes.StartNodeAsync(["node", "--host", "0.0.0.0", "--port", "0", "--insecure"], Wait);
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);

        // assert: a non-loopback IPv4 address of this machine, and a publish through it
        var host = IPAddress.Parse(node.HostPort[..node.HostPort.LastIndexOf(':')]);
        Assert.Equal(AddressFamily.InterNetwork, host.AddressFamily);
        Assert.False(IPAddress.IsLoopback(host), $"advertised {host}");
        Assert.Contains(host, LocalAddresses());
        await PublishAsync(node.HostPort);
        // ... and it listens on loopback too, as every interface
        var port = node.HostPort[(node.HostPort.LastIndexOf(':') + 1)..];
        using var loopback = new TcpClient();
        await loopback.ConnectAsync(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Should_advertise_the_public_host_from_option_or_variable()
    {
        // act
        var option = await _processes.StartNodeAsync(["node", "--host", "0.0.0.0", "--public-host", "127.0.0.1", "--port", "0", "--insecure"], Wait);
        // (the second joins the first: nodes that share a folder share its journal, so they must be one cluster)
        var variable = await _processes.StartNodeAsync(["node", "--port", "0", "--seed", option.HostPort], Wait,
            new Dictionary<string, string> { ["ACTORS_HOST"] = "0.0.0.0", ["ACTORS_PUBLIC_HOST"] = "127.0.0.1", ["ACTORS_INSECURE"] = "1" });

        // assert
        foreach (var node in new[] { option, variable })
        {
            Assert.StartsWith("akka.tcp://actors@127.0.0.1:", node.Address);
            await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
            await PublishAsync(node.HostPort);
        }
    }

    [Fact]
    public async Task Should_reach_a_default_node_named_localhost()
    {
        // arrange: a node as `actors node` starts it, advertising 127.0.0.1
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        Assert.StartsWith("127.0.0.1:", node.HostPort);

        // act + assert
        await PublishAsync("localhost" + node.HostPort[node.HostPort.LastIndexOf(':')..]);
    }

    public void Dispose() => _processes.Dispose();

    private async Task PublishAsync(string nodeAddress)
    {
        var lines = await _processes.Folder.WriteAsync("lines.txt", "a\nb\n");
        var published = await _processes.RunAsync(["publish", "events", "--file", lines, "--quiet", "--node", nodeAddress, "--timeout", "60"], Wait);
        Assert.True(published.ExitCode == 0, $"publish --node {nodeAddress}: {published.Error}");
        Assert.Contains("published 2 messages to events", published.Output);
    }

    private static HashSet<IPAddress> LocalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .ToHashSet();
}
