using System.CommandLine;
using Actors.Nodes.Cli;

var nodeOptions = new NodeCommand.NodeOptions();
var root = new RootCommand("actors: a clustered message-routing and stream-processing system on Akka.NET.\nWith no command, runs a node (see `actors node --help`).");
foreach (var option in nodeOptions.All) root.Add(option);
root.SetAction((parse, ct) => NodeCommand.RunAsync(nodeOptions.Read(parse), configure: null, ct));
root.Add(NodeCommand.Create(nodeOptions));
foreach (var command in TopicCommands.Create()) root.Add(command);

return await root.Parse(args).InvokeAsync();
