using System.CommandLine;
using System.CommandLine.Help;
using Actors.Nodes.Cli;

// A plain command named "actors" rather than RootCommand, which names itself after the assembly
// (Actors.Nodes) in help; help and version are added as RootCommand would.
var nodeOptions = new NodeCommand.NodeOptions();
var root = new Command("actors", "actors: a clustered message-routing and stream-processing system on Akka.NET.\nWith no command, runs a node (see `actors node --help`).")
{
    new HelpOption(),
    new VersionOption(),
};
foreach (var option in nodeOptions.All) root.Add(option);
root.SetAction((parse, ct) => NodeCommand.RunAsync(nodeOptions.Read(parse), configure: null, ct));
root.Add(NodeCommand.Create(nodeOptions));
foreach (var command in TopicCommands.Create()) root.Add(command);
root.Add(RunCommand.Create());
root.Add(PipelinesCommand.Create());

return await root.Parse(args).InvokeAsync();
