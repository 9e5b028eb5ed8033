using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Actors.Nodes.Cli;

// A plain command named "actors" rather than RootCommand, which names itself after the assembly
// (Actors.Nodes) in help; help and version are added as RootCommand would.
var nodeOptions = new NodeOptions();
var root = new Command("actors", "actors: a clustered message-routing and stream-processing system on Akka.NET.\nWith no command, runs a node (see `actors node --help`).")
{
    new HelpOption(),
    new VersionOption(),
};
foreach (var option in nodeOptions.All) root.Add(option);
root.SetAction((parse, ct) => NodeCommand.RunAsync(() => nodeOptions.Read(parse), ct));
root.Add(NodeCommand.Create(nodeOptions));
root.Add(PublishCommand.Create());
root.Add(ConsumeCommand.Create());
root.Add(TopicsCommand.Create());
root.Add(RunCommand.Create());
root.Add(PipelinesCommand.Create());
root.Add(ClusterCommand.Create());
root.Add(StatusCommand.Create());
root.Add(TopCommand.Create());
root.Add(GroupsCommand.Create());
root.Add(DlqCommand.Create());
root.Add(CertsCommand.Create());
root.Add(UsersCommand.Create());
root.Add(AclCommand.Create());

var parsed = root.Parse(args);
// Arguments that do not parse are bad input like any other: one line and exit 2, not the help page and exit 1.
// A mistyped command gets the one line with the closest subcommand (`did you mean 'publish'?`), not just "unrecognized".
if (parsed.Action is ParseErrorAction)
    return ExitCodes.Fail(CommandTypos.Describe(parsed) ?? $"{parsed.Errors[0].Message} (see `{CommandTypos.Path(parsed.CommandResult)} --help`)");
return await ClientStop.InvokeAsync(parsed);

