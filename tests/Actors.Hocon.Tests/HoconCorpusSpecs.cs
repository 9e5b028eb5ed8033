using System.Reflection;
using AkkaHoconValue = Akka.Configuration.Hocon.HoconValue;

namespace Actors.Hocon.Tests;

/// <summary>
/// Real HOCON must parse: the repository's hocon/*.conf and every reference.conf embedded in the Akka
/// assemblies the project uses. Leaf values are compared with Akka's own parser where both have them.
/// </summary>
public sealed class HoconCorpusSpecs
{
    private static readonly string[] AkkaAssemblies =
        ["Akka", "Akka.Remote", "Akka.Cluster", "Akka.Cluster.Sharding", "Akka.Cluster.Tools", "Akka.Persistence",
         "Akka.Streams", "Akka.DistributedData", "Akka.Coordination", "Akka.Discovery"];

    public static TheoryData<string> EmbeddedConfigs()
    {
        var data = new TheoryData<string>();
        foreach (var name in AkkaAssemblies)
        {
            var assembly = Assembly.Load(name);
            foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.EndsWith(".conf", StringComparison.Ordinal)))
                data.Add($"{name}|{resource}");
        }

        return data;
    }

    public static TheoryData<string> RepositoryConfigs()
    {
        var data = new TheoryData<string>();
        // The node configs, which Akka reads too. Pipeline files (hocon/pipelines) only this reader reads, and
        // Akka's parser gets HOCON's `key = ${?VAR}` override wrong; their own specs check them.
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "hocon"), "*.conf", SearchOption.TopDirectoryOnly))
            data.Add(Path.GetRelativePath(RepositoryRoot(), file));
        return data;
    }

    [Theory]
    [MemberData(nameof(EmbeddedConfigs))]
    public void Should_parse_every_embedded_Akka_reference_conf(string source)
    {
        var (assemblyName, resource) = (source.Split('|')[0], source.Split('|')[1]);
        using var stream = Assembly.Load(assemblyName).GetManifestResourceStream(resource)!;
        var text = new StreamReader(stream).ReadToEnd();

        var document = HoconDocument.Parse(text, resource);

        AssertSameLeaves(document, ConfigurationFactory.ParseString(text));
    }

    [Theory]
    [MemberData(nameof(RepositoryConfigs))]
    public void Should_parse_every_repository_hocon_file(string relativePath)
    {
        var path = Path.Combine(RepositoryRoot(), relativePath);

        var document = HoconDocument.Load(path).ResolveAll();

        AssertSameLeaves(document, ConfigurationFactory.ParseString(File.ReadAllText(path)));
    }

    /// <summary>Every string leaf Akka sees, this reader sees with the same text.</summary>
    private static void AssertSameLeaves(HoconDocument document, Config akka)
    {
        var compared = 0;
        Walk(akka.Root, []);
        Assert.True(compared > 0, $"{document.Origin}: no leaf compared");

        void Walk(AkkaHoconValue value, List<string> path)
        {
            if (value.IsObject())
            {
                foreach (var (key, child) in value.GetObject().Items) Walk(child, [.. path, key]);
                return;
            }

            if (!value.IsString() || path.Count == 0) return;
            var node = document.TryGetNode(HoconPath.Join(path));
            Assert.True(node is HoconScalar, $"{document.Origin}: {HoconPath.Join(path)} is {node?.KindName ?? "missing"}, Akka has a string");
            // Akka reads null as an empty string.
            var text = node is HoconScalar { Kind: HoconScalarKind.Null } ? "" : ((HoconScalar)node!).Text;
            Assert.True((value.GetString() ?? "") == text, $"{document.Origin}: {HoconPath.Join(path)} is '{text}', Akka says '{value.GetString()}'");
            compared++;
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Actors.sln"))) return dir.FullName;
        throw new InvalidOperationException("Actors.sln not found above " + AppContext.BaseDirectory);
    }
}
