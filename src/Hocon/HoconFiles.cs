namespace Actors.Hocon;

/// <summary>Reads a HOCON file within <see cref="HoconLimits.MaxLength"/>: a bigger one is refused before it is read.</summary>
internal static class HoconFiles
{
    /// <summary>The file's text; a <see cref="HoconSyntaxException"/> at its first line when it is too big.</summary>
    public static string ReadText(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > HoconLimits.MaxLength)
            throw new HoconSyntaxException(new HoconPosition(path, 1, 1),
                $"the file is {length} bytes, over the limit of {HoconLimits.MaxLength / (1024 * 1024)} MiB for a HOCON file");
        return File.ReadAllText(path);
    }
}
