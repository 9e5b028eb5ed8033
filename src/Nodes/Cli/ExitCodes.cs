using Actors.Client;
using Actors.Hocon;
using Actors.Nodes.Configuration;
using Actors.Security;
using Actors.Streams.Pipelines;

namespace Actors.Nodes.Cli;

/// <summary>
/// The one map from an outcome to a process exit code, used by every command: 0 done, 1 a runtime failure (a
/// refused publish, no answer in time, a pipeline that failed), 2 bad input (arguments, a config or pipeline
/// file, a node address nothing answers at), 130 interrupted (Ctrl-C, as shells report SIGINT), 143 terminated
/// (SIGTERM to <c>actors run</c>, as shells report it). Every failure is
/// one line on stderr, <c>error: ...</c>, never a stack trace.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
    public const int Terminated = 143;

    /// <summary>Prints <c>error: message</c> on one line to stderr and returns <paramref name="code"/>.</summary>
    public static int Fail(string message, int code = BadInput)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return code;
    }

    /// <summary>
    /// Reports <paramref name="error"/> as one line and returns its code. <paramref name="node"/> names the node
    /// a request went to, for the line about a timeout.
    /// </summary>
    public static int Report(Exception error, ClientSettings? node = null) => error switch
    {
        // A node address nothing answers at is input to fix, like a bad file: the command never got to run.
        ConnectionException or NodeConfigException or TlsException or HoconException or PipelineException => Fail(error.Message),
        AskTimeoutException when node is not null => Fail(
            $"the node at {node.Node} did not answer within {node.Timeout.TotalSeconds:0.#} s (is it busy? try again, or raise --timeout)", Failure),
        TopicException or UnauthorizedAccessException => Fail(error.Message, Failure),
        _ => Fail(error.GetBaseException().Message, Failure),
    };
}
