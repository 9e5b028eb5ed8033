namespace Actors.Testing;

/// <summary>
/// A fresh folder under the system's temporary one, for a spec's files, journals and processes; deleted on
/// dispose. A file still held open (a process not yet gone) leaves it behind rather than failing the spec.
/// </summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory($"actors-{prefix}-").FullName;

    /// <summary>The path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file into the folder and returns its path.</summary>
    public async Task<string> WriteAsync(string name, string content)
    {
        var path = File(name);
        await System.IO.File.WriteAllTextAsync(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
