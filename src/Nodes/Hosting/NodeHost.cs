using Actors.Nodes.Cluster;
using Actors.Nodes.Configuration;
using Actors.Nodes.Gateway;
using Actors.Nodes.Hosting.Health;
using Actors.Nodes.Http;
using Actors.Kafka.Edge;
using Actors.Routing;
using Actors.Streams.Pipelines.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Actors.Nodes.Hosting;

/// <summary>
/// Composes a node: Microsoft.Extensions.Hosting for lifetime and logging, Akka.Hosting for the actor system.
/// SIGTERM or Ctrl-C stops the host, which runs Akka's CoordinatedShutdown (leave the cluster, hand over shards,
/// stop). Each feature starts through its own <see cref="AkkaConfigurationBuilder"/> extension, composed here:
/// membership and the broker (<see cref="AddNodeCluster"/>), routing, pipelines and the native gateway. The only
/// way a node boots, for <c>actors node</c> and for the embedded node of <c>actors run</c> alike.
/// </summary>
public static class NodeHost
{
    public static IHost Build(NodeConfig node)
    {
        // With an HTTP endpoint the host is an ASP.NET Core WebApplication (Kestrel starts after the actor system).
        var http = NodeHttpSettings.Create(node.Config);
        var web = http is null ? null : NodeHttp.CreateBuilder(node, http);
        IHostApplicationBuilder builder = web ?? (IHostApplicationBuilder)Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // Akka filters its events by akka.loglevel; the console lets through the same levels (NodeLogging).
        builder.Logging.Configure(node.LogLevel, node.LogFormat);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddNodeTelemetry(node, prometheus: web is not null);
        var refusals = new TlsRefusals();
        builder.Services.AddSingleton(refusals);

        builder.Services.AddAkka(node.SystemName, (akka, _) =>
        {
            akka.AddHocon(node.Config, HoconAddMode.Prepend);
            // Mutual TLS: the certificate and our CA check go to Akka's transport as a setup (enable-ssl is in node.Config).
            if (node.Tls is { } tls) akka.AddSetup(tls.Setup(refusals.Record));
            if (Actors.ActorsSettings.StorageSetup(node.Config) is { } storage) akka.AddSetup(storage);
            akka.AddHocon(NodeStdoutLogger.Hocon, HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                // Hosting writes akka.loglevel itself, above every HOCON file (INFO unless told otherwise),
                // so the files' choice is passed on here. OFF has no Hosting value: the console filter mutes it.
                loggers.LogLevel = node.LogLevel <= Akka.Event.LogLevel.ErrorLevel ? node.LogLevel : Akka.Event.LogLevel.ErrorLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<NodeLogger>();
            });
            akka.AddNodeCluster(node).AddTopics().AddPartitionPlacementLog().AddRouting().AddPipelines().AddGateway(node.Tls)
                .AddKafkaEdge(node.Tls is { } kafkaTls ? new Actors.Kafka.Server.KafkaTls(kafkaTls.Certificate, kafkaTls.Authorities) : null);
            akka.AddInsecureWarning(node);
            akka.AddJournalHealth();
            // The console's sampler watches membership from the start, so a member removed before anyone opened the
            // page is still listed as Removed for a while.
            if (web is not null) akka.WithActors((system, _) => Observe.OverviewCollector.Get(system));
        });
        IHost host = web is null ? ((HostApplicationBuilder)builder).Build() : NodeHttp.Build(web, node);
        NodeStdoutLogger.Use(host.Services.GetRequiredService<ILoggerFactory>());
        // The start line comes last, once every door (the HTTP endpoint included) is open and its port known.
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => LogStartLine(host.Services, node));
        return host;
    }

    /// <summary>The logger category of the node's own start and stop lines.</summary>
    public const string NodeLogCategory = "Actors.Nodes.Node";

    /// <summary>
    /// Starts the partition placement logger on the local partition region (<see cref="PartitionPlacementLogger"/>);
    /// after <c>AddTopics()</c>, which starts the region.
    /// </summary>
    public static AkkaConfigurationBuilder AddPartitionPlacementLog(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, _) => system.ActorOf(
            PartitionPlacementLogger.Props(Actors.Broker.Get(system).Partitions, TimeSpan.FromSeconds(2)), "partition-placement-logger"));

    /// <summary>" (listening on 0.0.0.0:4053)" when the node binds another address than the one it advertises.</summary>
    private static string Listening(Config config, Address advertised)
    {
        var bind = config.GetString(NodeConfigLoader.HostnameKey, "");
        if (bind == advertised.Host) return "";
        return $" (listening on {(NodeAddresses.IsWildcard(bind) ? "0.0.0.0" : bind)}:{advertised.Port})";
    }

    /// <summary>
    /// The one start line, once every door is open: where others reach the node (and where it listens, when that
    /// differs), whom it joins, its journal, where Kafka clients reach it (<c>kafka=host:port</c>, the bound
    /// port, also for <c>--kafka-port 0</c>; absent when the listener is off), and its HTTP endpoint
    /// (<c>http=host:port</c>, likewise).
    /// </summary>
    private static void LogStartLine(IServiceProvider services, NodeConfig node)
    {
        var system = services.GetRequiredService<ActorSystem>();
        var cluster = Akka.Cluster.Cluster.Get(system);
        var log = Logging.GetLogger(system, NodeLogCategory);
        var kafka = Actors.Kafka.Edge.KafkaEdges.Get(system).Current is { } edge ? $" kafka={edge.Self.Host}:{edge.Self.Port}" : "";
        var http = NodeHttp.BoundAddress(services, node) is { } bound ? $" http={bound}" : "";
        log.Info("node starting at {Address} roles=[{Roles}] seeds=[{Seeds}] storage={Storage}{Kafka}{Http}{Listening}", [cluster.SelfAddress,
            string.Join(",", cluster.SelfRoles), node.Seeds.Count == 0 ? "" : string.Join(", ", node.Seeds),
            NodeStorage.Describe(node.Config), kafka, http, Listening(node.Config, cluster.SelfAddress)]);
    }

    /// <summary>The warning of an <c>--insecure</c> node (<see cref="SecureByDefault"/>), logged at every start.</summary>
    public static AkkaConfigurationBuilder AddInsecureWarning(this AkkaConfigurationBuilder builder, NodeConfig node) =>
        builder.WithActors((system, _) =>
        {
            if (SecureByDefault.Warning(node) is { } warning) Logging.GetLogger(system, NodeLogCategory).Warning("{0}", warning);
        });

    /// <summary>
    /// Starts the membership logger and the join watchdog and joins (the configured seeds, or itself when there are
    /// none: the one-node cluster a bare <c>actors node</c> forms). <c>AddTopics()</c> after it starts the broker,
    /// which every node runs as it joins (sharding's coordinator state needs the replicator on every node).
    /// </summary>
    public static AkkaConfigurationBuilder AddNodeCluster(this AkkaConfigurationBuilder builder, NodeConfig node) =>
        builder.WithActors((system, registry) =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            // The start line comes last (LogStartLine), once the host has started and the doors' ports are known.
            system.ActorOf(ClusterMembershipLogger.Props(), "membership-logger");
            var reportEvery = node.Config.GetTimeSpan("actors.node.join-report-interval");
            system.ActorOf(JoinWatchdog.Props(node.Seeds, reportEvery), "join-watchdog");
            // Seeds are in akka.cluster.seed-nodes, so the cluster already joins them as it starts; calling
            // JoinSeedNodes again would cancel that attempt and start over. Without seeds, form a cluster alone.
            if (node.Seeds.Count == 0) cluster.Join(cluster.SelfAddress);
        });
}
