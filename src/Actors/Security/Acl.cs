namespace Actors.Security;

/// <summary>What an ACL entry allows.</summary>
public enum AclPermission
{
    /// <summary>Publish to topics (native publish, Kafka Produce).</summary>
    Produce = 0,

    /// <summary>Read topics, and join, commit and seek consumer groups.</summary>
    Consume = 1,

    /// <summary>Everything on the resource: create, delete, describe, reset; on the cluster, members, users and ACLs.</summary>
    Admin = 2,

    /// <summary>Submit, stop and list pipelines.</summary>
    Pipelines = 3,
}

/// <summary>What an ACL entry's pattern names.</summary>
public enum AclResource
{
    Topic = 0,
    Group = 1,
    Cluster = 2,
    Pipeline = 3,
}

/// <summary>
/// One permission: <paramref name="Principal"/> (a user name, or <c>*</c> for every authenticated user) may do
/// <paramref name="Permission"/> on every <paramref name="Resource"/> whose name matches <paramref name="Pattern"/>:
/// a glob where <c>*</c> stands for any run of characters (<c>orders.*</c>, <c>*</c>); the cluster's pattern is <c>*</c>.
/// Admin on a resource includes produce and consume on it. There are only allows: what no entry allows is denied.
/// </summary>
public sealed record AclEntry(string Principal, AclPermission Permission, AclResource Resource, string Pattern)
{
    /// <summary>Whether this entry lets <paramref name="principal"/> do <paramref name="permission"/> on <paramref name="resource"/> <paramref name="name"/>.</summary>
    public bool Allows(string principal, AclPermission permission, AclResource resource, string name) =>
        Resource == resource
        && (Permission == permission || (Permission == AclPermission.Admin && permission is AclPermission.Produce or AclPermission.Consume))
        && (Principal == "*" || string.Equals(Principal, principal, StringComparison.Ordinal))
        && Glob.Matches(Pattern, name);

    /// <summary>The entry as one line: <c>alice produce topic orders.*</c>.</summary>
    public override string ToString() => $"{Principal} {Text(Permission)} {Text(Resource)} {Pattern}";

    public static string Text(AclPermission permission) => permission.ToString().ToLowerInvariant();

    public static string Text(AclResource resource) => resource.ToString().ToLowerInvariant();

    /// <summary>Why this entry cannot be kept, or null: a valid principal and pattern, and a permission that applies to the resource.</summary>
    public string? Invalid()
    {
        if (Principal != "*" && UserRecord.Invalid(Principal) is { } user) return user;
        if (string.IsNullOrEmpty(Pattern) || Pattern.Length > 249) return "an ACL pattern needs 1 to 249 characters";
        if (!Enum.IsDefined(Permission) || !Enum.IsDefined(Resource)) return "unknown ACL permission or resource";
        return (Permission, Resource) switch
        {
            (AclPermission.Produce, not AclResource.Topic) => "produce applies to topics only (--topic PATTERN)",
            (AclPermission.Consume, not (AclResource.Topic or AclResource.Group)) => "consume applies to topics and groups (--topic or --group PATTERN)",
            (AclPermission.Pipelines, not AclResource.Pipeline) => "pipelines applies to pipelines only (--pipeline PATTERN)",
            (AclPermission.Admin, AclResource.Pipeline) => "on pipelines, give the pipelines permission (submit, stop, list)",
            _ => null,
        };
    }
}

/// <summary>Glob patterns of ACLs: <c>*</c> matches any run of characters (also none); everything else matches itself.</summary>
public static class Glob
{
    public static bool Matches(string pattern, string name) => Matches(pattern.AsSpan(), name.AsSpan());

    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        // Greedy with one backtrack point per star: linear for the patterns ACLs use, never exponential.
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (p < pattern.Length && pattern[p] == name[n])
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
