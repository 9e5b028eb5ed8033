using Actors.Nodes.Hosting.Health;
using System.Text.Json.Serialization;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Actors.Nodes.Http;

/// <summary>
/// Probes for systemd, Kubernetes and load balancers. <c>/health/live</c>: 200 while the process serves HTTP at all.
/// <c>/health/ready</c>: 200 when this member is Up, its journal takes writes and has recovered (its
/// <see cref="JournalProbe"/> recovered and wrote once), the judgement <see cref="JournalHealthMonitor"/> makes before
/// a node gives its partitions up; else 503 with <c>{"status":"not ready","reason":"..."}</c>. Never behind a login.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder e)
    {
        e.MapGet("/health/live", () => Results.Json(new HealthStatus("live", null)));
        e.MapGet("/health/ready", (ActorSystem system) => NotReadyReason(system) is { } reason
            ? Results.Json(new HealthStatus("not ready", reason), statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new HealthStatus("ready", null)));
        return e;
    }

    /// <summary>Why the node is not ready, or null when it is.</summary>
    public static string? NotReadyReason(ActorSystem system)
    {
        if (system.WhenTerminated.IsCompleted || CoordinatedShutdown.Get(system).ShutdownReason is not null) return "the node is stopping";
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        if (self.Status != MemberStatus.Up) return $"this member is {self.Status}, not Up";
        var health = NodeHealth.Get(system);
        if (!health.Ready) return $"journal unwritable: {health.Journal.Reason}";
        return health.Recovered ? null : "the journal has not taken its first write yet (recovering)";
    }

    private sealed record HealthStatus(string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);
}
