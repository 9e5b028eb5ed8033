using System.CommandLine;
using Actors.Client;
using Actors.Security;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors acl add|remove --user NAME --allow PERMISSION (--topic P | --group P | --pipeline P | --cluster)</c> and
/// <c>actors acl list</c>: the cluster's permissions. Patterns are globs (<c>orders.*</c>, <c>*</c>); <c>--user '*'</c>
/// means every user. Only allows exist: what no entry allows is denied, when authentication is on.
/// </summary>
internal static class AclCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var command = new Command("acl", "List the cluster's ACL entries: who may produce, consume, administer or run pipelines on what")
        {
            Change("add", "Allow a user something on the topics, groups or pipelines a pattern names, or on the cluster", (admin, entry, ct) => admin.AddAclAsync(entry, ct)),
            Change("remove", "Remove an ACL entry (give it exactly as `actors acl list` shows it)", (admin, entry, ct) => admin.RemoveAclAsync(entry, ct)),
        };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                var listing = await new SecurityAdmin(connection.Gateway, settings.Timeout).ListAsync(ct);
                if (listing.Acls.Count == 0)
                {
                    Console.WriteLine("(no ACL entries: add one with `actors acl add --principal NAME --allow produce --topic PATTERN`)");
                    return ExitCodes.Ok;
                }

                Console.Write(TopicTable.Render(["USER", "ALLOW", "RESOURCE", "PATTERN"],
                    listing.Acls.Select(a => new[] { a.Principal, AclEntry.Text(a.Permission), AclEntry.Text(a.Resource), a.Pattern }).ToList()));
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command Change(string name, string description, Func<SecurityAdmin, AclEntry, CancellationToken, Task<string>> change)
    {
        var user = new Option<string>("--principal") { Description = "The user the entry is for, or '*' for every user", Required = true };
        var allow = new Option<string>("--allow") { Description = "produce, consume, admin or pipelines", Required = true };
        var topic = new Option<string?>("--topic") { Description = "Topics whose names match this glob (orders.*)" };
        var group = new Option<string?>("--group") { Description = "Consumer groups whose names match this glob" };
        var pipeline = new Option<string?>("--pipeline") { Description = "Pipelines whose names match this glob" };
        var cluster = new Option<bool>("--cluster") { Description = "The cluster itself: members, users and ACLs (with --allow admin)" };
        var client = new ClientOptions();
        var command = new Command(name, description) { user, allow, topic, group, pipeline, cluster };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (Entry(parse.GetValue(user)!, parse.GetValue(allow)!, parse.GetValue(topic), parse.GetValue(group), parse.GetValue(pipeline), parse.GetValue(cluster),
                    out var error) is not { } entry)
                return Task.FromResult(ExitCodes.Fail(error));
            return UsersCommand.Send(client.Read(parse), ct, admin => change(admin, entry, ct));
        });
        return command;
    }

    /// <summary>The entry the options describe, or null with a one-line <paramref name="error"/>.</summary>
    internal static AclEntry? Entry(string user, string allow, string? topic, string? group, string? pipeline, bool cluster, out string error)
    {
        error = "";
        AclPermission? permission = allow.Trim().ToLowerInvariant() switch
        {
            "produce" => AclPermission.Produce,
            "consume" => AclPermission.Consume,
            "admin" => AclPermission.Admin,
            "pipelines" => AclPermission.Pipelines,
            _ => null,
        };
        if (permission is null)
        {
            error = $"--allow takes produce, consume, admin or pipelines, not '{allow}'";
            return null;
        }

        var targets = new (AclResource Resource, string? Pattern)[]
            { (AclResource.Topic, topic), (AclResource.Group, group), (AclResource.Pipeline, pipeline), (AclResource.Cluster, cluster ? "*" : null) }
            .Where(t => t.Pattern is not null).ToList();
        if (targets.Count != 1)
        {
            error = "give exactly one of --topic PATTERN, --group PATTERN, --pipeline PATTERN or --cluster";
            return null;
        }

        var entry = new AclEntry(user, permission.Value, targets[0].Resource, targets[0].Pattern!);
        if (entry.Invalid() is { } invalid)
        {
            error = invalid;
            return null;
        }

        return entry;
    }
}
