namespace Actors.Hocon;

/// <summary>
/// The bounds every HOCON text read here must keep. The parser and the resolver recurse, so without a bound a
/// file of ten thousand '[' (20 KB) overflowed the stack and killed the process with no message; past a bound
/// the reader now stops with a <see cref="HoconSyntaxException"/> at the place that crossed it. The bounds sit far
/// above what a configuration or pipeline file needs (Akka's own reference configs nest about ten deep).
/// </summary>
public static class HoconLimits
{
    /// <summary>How deep objects, arrays and dotted keys may nest, in a file and once substitutions are resolved.</summary>
    public const int MaxDepth = 100;

    /// <summary>How many substitutions may lead one to the next (<c>a = ${b}</c>, <c>b = ${c}</c>, ...) before one resolves.</summary>
    public const int MaxSubstitutionChain = 100;

    /// <summary>How many files an include chain may hold (a file that includes one that includes another ...).</summary>
    public const int MaxIncludeChain = 16;

    /// <summary>The largest text read, in characters (and the largest file, in bytes): 4 MiB.</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    /// <summary>How many characters of offending text an error message quotes before it cuts with an ellipsis.</summary>
    public const int MaxQuoted = 80;
}
