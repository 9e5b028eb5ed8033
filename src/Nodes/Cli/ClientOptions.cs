using System.CommandLine;
using Actors.Client;
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

    public Option<string?> User { get; } = new("--user", "-u")
    {
        Description = "Log in as this user, on a cluster with authentication on; the password comes from ACTORS_PASSWORD or --password-file [env ACTORS_USER]",
    };

    public Option<string?> PasswordFile { get; } = new("--password-file")
    {
        Description = "A file whose first line is the password of --user (never give a password on the command line) [env ACTORS_PASSWORD: the password itself]",
    };

    public IEnumerable<Option> All => [Node, SystemName, Timeout, User, PasswordFile, .. Tls.All];

    /// <summary>Whether <c>--node</c> (or <c>--seed</c>) is on the command line itself.</summary>
    public bool NodeGiven(ParseResult parse) => parse.GetValue(Node) is not null;

    /// <summary>The values, each from its option, else its environment variable, else its default.</summary>
    public ClientSettings Read(ParseResult parse) => new(
        parse.GetValue(Node) ?? Environment.GetEnvironmentVariable("ACTORS_NODE") ?? DefaultNode,
        parse.GetValue(SystemName) ?? Environment.GetEnvironmentVariable("ACTORS_SYSTEM_NAME") ?? NodeSettings.DefaultSystemName,
        parse.GetValue(Timeout) is { } seconds ? TimeSpan.FromSeconds(Math.Max(1, seconds)) : LibraryDefaults.AskTimeout)
    {
        Tls = Tls.Read(parse).Or(TlsFiles.FromEnvironment(Environment.GetEnvironmentVariable)),
        User = parse.GetValue(User) ?? Environment.GetEnvironmentVariable("ACTORS_USER"),
        PasswordFile = parse.GetValue(PasswordFile),
    };
}

/// <summary>
/// Which node a command talks to, as which actor system, how long it waits for each answer, the client
/// certificate it shows a cluster that speaks mutual TLS, and the user it logs in as.
/// </summary>
internal sealed record ClientSettings(string Node, string SystemName, TimeSpan Timeout)
{
    public TlsFiles Tls { get; init; } = TlsFiles.None;

    /// <summary>The user to log in as (<c>--user</c>, <c>ACTORS_USER</c>), or null: the node must have authentication off.</summary>
    public string? User { get; init; }

    /// <summary><c>--password-file</c>, or null: the password is <c>ACTORS_PASSWORD</c>.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>The credential to log in with, read when the command connects (<see cref="ClientConnection"/>).</summary>
    public ClientCredential? Credential() => ReadCredential(User, PasswordFile);

    /// <summary>
    /// The user to log in as with its password (from <c>--password-file</c>, else <c>ACTORS_PASSWORD</c>), or null
    /// without a user. A user without a password, or a password file that cannot be read, is a one-line usage error.
    /// </summary>
    private static ClientCredential? ReadCredential(string? user, string? passwordFile)
    {
        if (string.IsNullOrEmpty(user))
            return passwordFile is null ? null : throw new NodeConfigException("--password-file needs --user NAME (or ACTORS_USER)");
        string? password;
        if (passwordFile is not null)
        {
            try
            {
                password = File.ReadLines(passwordFile).FirstOrDefault();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new NodeConfigException($"cannot read --password-file {passwordFile}: {e.Message}");
            }
        }
        else
        {
            password = Environment.GetEnvironmentVariable("ACTORS_PASSWORD");
        }

        return string.IsNullOrEmpty(password)
            ? throw new NodeConfigException($"--user {user} needs a password: set ACTORS_PASSWORD, or give --password-file FILE")
            : new ClientCredential(user, password);
    }
}
