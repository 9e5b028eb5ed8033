using System.CommandLine;
using Actors.Nodes.Configuration;
using Actors.Security;

namespace Actors.Nodes.Cli;

/// <summary>
/// The options of every command that talks to a running node, spelled and defaulted the same everywhere:
/// <c>--node</c> (env <c>ACTORS_NODE</c>, default 127.0.0.1:4053), <c>--system-name</c> (env
/// <c>ACTORS_SYSTEM_NAME</c>, default actors) and <c>--timeout</c> (default <c>actors.topics.ask-timeout</c>).
/// The <c>--tls-*</c> options (env <c>ACTORS_TLS_*</c>) give the client certificate for a cluster over mutual TLS.
/// <c>run</c> and <c>pipelines</c> also take <c>--seed</c> for <c>--node</c>, the word their README examples use.
/// </summary>
internal sealed class ClientOptions
{
    public const string DefaultNode = "127.0.0.1:4053";

    public ClientOptions(bool seedAlias = false, string? nodeDescription = null)
    {
        Node = seedAlias ? new Option<string?>("--node", "-n", "--seed", "-s") : new Option<string?>("--node", "-n");
        Node.Description = nodeDescription ?? $"A node of the cluster to talk to, host:port [env ACTORS_NODE; default {DefaultNode}]";
    }

    public Option<string?> Node { get; }

    public Option<string?> SystemName { get; } = new("--system-name")
    {
        Description = $"The cluster's actor system name [env ACTORS_SYSTEM_NAME; default {NodeSettings.DefaultSystemName}]",
    };

    public Option<int?> Timeout { get; } = new("--timeout")
    {
        Description = $"Seconds to wait for the node to answer one request [default {LibraryDefaults.AskTimeout.TotalSeconds:0.#}: actors.topics.ask-timeout]",
    };

    public TlsOptions Tls { get; } = new("the client's");

    public IEnumerable<Option> All => [Node, SystemName, Timeout, .. Tls.All];

    /// <summary>Whether <c>--node</c> (or <c>--seed</c>) is on the command line itself.</summary>
    public bool NodeGiven(ParseResult parse) => parse.GetValue(Node) is not null;

    /// <summary>The values, each from its option, else its environment variable, else its default.</summary>
    public ClientSettings Read(ParseResult parse) => new(
        parse.GetValue(Node) ?? Environment.GetEnvironmentVariable("ACTORS_NODE") ?? DefaultNode,
        parse.GetValue(SystemName) ?? Environment.GetEnvironmentVariable("ACTORS_SYSTEM_NAME") ?? NodeSettings.DefaultSystemName,
        parse.GetValue(Timeout) is { } seconds ? TimeSpan.FromSeconds(Math.Max(1, seconds)) : LibraryDefaults.AskTimeout)
    {
        Tls = Tls.Read(parse).Or(TlsFiles.FromEnvironment(Environment.GetEnvironmentVariable)),
    };
}

/// <summary>
/// Which node a command talks to, as which actor system, how long it waits for each answer, and the client
/// certificate it shows a cluster that speaks mutual TLS.
/// </summary>
internal sealed record ClientSettings(string Node, string SystemName, TimeSpan Timeout)
{
    public TlsFiles Tls { get; init; } = TlsFiles.None;
}
