using System.CommandLine;
using System.Text;
using Actors.Client;
using Actors.Security;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors users add NAME</c> (the new password from the first line of standard input, or typed twice without echo
/// at a terminal; SCRAM-SHA-256 and -512 credentials are derived here and only they are sent), <c>actors users remove
/// NAME</c> and <c>actors users list</c>. Users are kept in the cluster's journal and known to every node.
/// </summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var command = new Command("users", "List the cluster's users and their SCRAM mechanisms (admin on the cluster needed)") { Add(), Remove() };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                var listing = await new SecurityAdmin(connection.Gateway, settings.Timeout).ListAsync(ct);
                if (listing.Users.Count == 0)
                {
                    Console.WriteLine("(no users: add one with `actors users add NAME`)");
                    return ExitCodes.Ok;
                }

                Console.Write(TopicTable.Render(["USER", "MECHANISMS"], listing.Users.Select(u => new[] { u.Name, string.Join(",", u.Mechanisms) }).ToList()));
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The user's name: letters, digits and . _ - @" };
        var client = new ClientOptions();
        var command = new Command("add", "Add a user, or give one a new password: read from the first line of standard input (typed twice at a terminal)") { name };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            var settings = client.Read(parse);
            var user = parse.GetValue(name)!;
            if (UserRecord.Invalid(user) is { } invalid) return Task.FromResult(ExitCodes.Fail(invalid));
            var password = ReadNewPassword(user);
            if (password is null) return Task.FromResult(ExitCodes.Fail("no password given: pipe it in (`printf '%s\\n' \"$PASSWORD\" | actors users add NAME`) or type it at a terminal"));
            return Send(settings, ct, admin => admin.PutUserAsync(user, password, ct));
        });
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The user to remove (its ACL entries go with it)" };
        var client = new ClientOptions();
        var command = new Command("remove", "Remove a user and the ACL entries that name it") { name };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) => Send(client.Read(parse), ct, admin => admin.RemoveUserAsync(parse.GetValue(name)!, ct)));
        return command;
    }

    /// <summary>Runs one change and prints the node's one-line answer; a refusal is one line and exit 1.</summary>
    internal static Task<int> Send(ClientSettings settings, CancellationToken ct, Func<SecurityAdmin, Task<string>> change) =>
        ClientConnection.RunAsync(settings, ct, async connection =>
        {
            try
            {
                Console.WriteLine(await change(new SecurityAdmin(connection.Gateway, settings.Timeout)));
                return ExitCodes.Ok;
            }
            catch (ClusterAdminException refused)
            {
                return ExitCodes.Fail(refused.Message, ExitCodes.Failure);
            }
        });

    /// <summary>The new password: the first line of standard input, or typed twice without echo at a terminal; null when empty or different.</summary>
    private static string? ReadNewPassword(string user)
    {
        if (Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line) ? null : line;
        }

        var first = ReadHidden($"password for {user}: ");
        if (string.IsNullOrEmpty(first)) return null;
        var second = ReadHidden("again: ");
        if (first == second) return first;
        Console.Error.WriteLine("error: the two passwords differ");
        return null;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
