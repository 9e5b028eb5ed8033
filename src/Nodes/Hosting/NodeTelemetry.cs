using Actors.Diagnostics;
using Actors.Nodes.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Actors.Nodes.Hosting;

/// <summary>
/// <c>actors.node.metrics</c>, <c>otlp-endpoint</c> and <c>otlp-export-interval</c> (defaults in <c>hocon/node.conf</c>):
/// whether the node records metrics, and the OTLP collector (HTTP/protobuf) it exports metrics and traces to, if any.
/// </summary>
public sealed record NodeTelemetrySettings(bool Metrics, Uri? OtlpEndpoint, TimeSpan ExportInterval, double TraceSampleRatio = 1.0)
{
    public static NodeTelemetrySettings Create(Config config)
    {
        var otlp = config.GetString(NodeConfigLoader.OtlpEndpointKey, "");
        var interval = config.GetTimeSpan("actors.node.otlp-export-interval", TimeSpan.FromSeconds(60));
        var ratio = config.GetDouble("actors.node.trace-sample-ratio", 1.0);
        return new NodeTelemetrySettings(
            config.GetBoolean(NodeConfigLoader.MetricsKey, true),
            otlp.Length == 0 ? null : new Uri(otlp, UriKind.Absolute),
            interval > TimeSpan.Zero ? interval : throw new ConfigurationException("actors.node.otlp-export-interval must be positive"),
            ratio is >= 0 and <= 1 ? ratio : throw new ConfigurationException($"actors.node.trace-sample-ratio must be between 0 and 1, not {ratio}"));
    }

    /// <summary>The OTLP/HTTP URL of one signal (<c>v1/metrics</c>, <c>v1/traces</c>) under the collector's base URL.</summary>
    public Uri OtlpSignal(string path) => new($"{OtlpEndpoint!.AbsoluteUri.TrimEnd('/')}/{path}");
}

/// <summary>
/// The OpenTelemetry SDK of a node: with metrics on, a meter provider for Actors' meters
/// (<see cref="ActorsTelemetry"/>), the .NET runtime's and the process's, read by Prometheus at <c>/metrics</c>
/// (when the node has an HTTP endpoint) and exported by OTLP (with an endpoint); with an OTLP endpoint, also a
/// tracer provider for Actors' spans. With metrics off and no endpoint, no SDK at all: instruments nobody listens
/// to cost next to nothing, which is what <c>--metrics off</c> measures.
/// </summary>
public static class NodeTelemetry
{
    public const string ServiceName = "actors";

    public static IServiceCollection AddNodeTelemetry(this IServiceCollection services, NodeConfig node, bool prometheus)
    {
        var settings = NodeTelemetrySettings.Create(node.Config);
        services.AddSingleton(settings);
        if (!settings.Metrics && settings.OtlpEndpoint is null) return services;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(ServiceName));
        if (settings.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(ActorsTelemetry.MeterName, ActorsTelemetry.KafkaMeterName, ActorsTelemetry.StreamsMeterName)
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation();
                if (prometheus) metrics.AddPrometheusExporter();
                if (settings.OtlpEndpoint is not null)
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                        exporter.Endpoint = settings.OtlpSignal("v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.ExportInterval.TotalMilliseconds;
                    });
            });
        }

        if (settings.OtlpEndpoint is not null)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(ActorsTelemetry.ActivitySourceName)
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.TraceSampleRatio))).AddOtlpExporter(exporter =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = settings.OtlpSignal("v1/traces");
            }));
        }

        return services;
    }
}
