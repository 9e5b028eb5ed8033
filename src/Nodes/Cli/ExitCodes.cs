namespace Actors.Nodes.Cli;

/// <summary>Process exit codes: 0 success, 1 a runtime failure, 2 bad input (config, arguments).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>Prints one line to stderr and returns <see cref="BadInput"/>.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return BadInput;
    }
}
