using System.CommandLine;
using Actors.Client;
using Actors.Gateway;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors cluster</c> (the members as the node at <c>--node</c> sees them: address, status, reachability, roles,
/// the leader), <c>actors cluster leave ADDRESS</c> (a graceful leave: the member hands its partitions over and
/// stops) and <c>actors cluster down ADDRESS</c> (removed at once, for a member that died and will not come back).
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var command = new Command("cluster", "List the cluster's members: address, status, reachability, roles, and which one leads")
        {
            MemberCommand("leave", "Ask a member to leave the cluster gracefully: it hands its partitions over, then stops",
                (admin, address, ct) => admin.LeaveAsync(address, ct), "is leaving the cluster: it hands its partitions over, then stops"),
            MemberCommand("down", "Mark a member down: the cluster removes it at once, without a hand-over (for a member that died)",
                (admin, address, ct) => admin.DownAsync(address, ct), "is marked down: the cluster removes it without a hand-over"),
        };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                Console.Write(ClusterTable.Render(await new ClusterAdmin(connection.Gateway, settings.Timeout).GetStateAsync(ct)));
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command MemberCommand(string name, string description,
        Func<ClusterAdmin, string, CancellationToken, Task<MemberCommandAccepted>> send, string done)
    {
        var address = new Argument<string>("address") { Description = "The member: host:port as `actors cluster` lists it, or its full akka.tcp:// address" };
        var client = new ClientOptions();
        var command = new Command(name, description) { address };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                try
                {
                    var accepted = await send(new ClusterAdmin(connection.Gateway, settings.Timeout), parse.GetValue(address)!, ct);
                    Console.WriteLine($"member {ClusterTable.HostPort(accepted.Address)} {done}");
                    return ExitCodes.Ok;
                }
                catch (ClusterAdminException refused)
                {
                    return ExitCodes.Fail(refused.Message);
                }
            });
        });
        return command;
    }
}
