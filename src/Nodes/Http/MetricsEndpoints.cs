using Actors.Nodes.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.Nodes.Http;

/// <summary>
/// <c>/metrics</c>: the node's metrics in Prometheus' text format (OpenTelemetry's Prometheus exporter, see
/// <see cref="NodeTelemetry"/>); 404 with one line when the node runs with <c>--metrics off</c>.
/// </summary>
public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder e)
    {
        if (e.ServiceProvider.GetRequiredService<NodeTelemetrySettings>().Metrics)
            e.MapPrometheusScrapingEndpoint(Path);
        else
            e.MapGet(Path, () => Results.Text("metrics are off on this node (actors.node.metrics = off, --metrics off)\n", statusCode: StatusCodes.Status404NotFound));
        return e;
    }
}
