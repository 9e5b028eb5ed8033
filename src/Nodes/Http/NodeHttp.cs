using System.Globalization;
using System.Net;
using Actors.Nodes.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Actors.Nodes.Http;

/// <summary>
/// <c>actors.node.http</c> (defaults in <c>hocon/node.conf</c>): where the node's HTTP endpoint listens; null when
/// <c>port = off</c>. Port 0 takes a free port, named in the start line (<c>http=host:port</c>).
/// </summary>
public sealed record NodeHttpSettings(string Host, int Port)
{
    /// <summary>The endpoint's settings, or null when it is off (the port's value checked already by the loader).</summary>
    public static NodeHttpSettings? Create(Config config)
    {
        var port = config.GetString(NodeConfigLoader.HttpPortKey, "8558");
        if (port.Length == 0 || string.Equals(port, "off", StringComparison.OrdinalIgnoreCase)) return null;
        var host = config.GetString(NodeConfigLoader.HttpHostKey, "127.0.0.1");
        return new NodeHttpSettings(host.Length == 0 ? "127.0.0.1" : host, int.Parse(port, CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The node's HTTP endpoint: the node's host becomes an ASP.NET Core <see cref="WebApplication"/> whose Kestrel
/// listens on <see cref="NodeHttpSettings"/> (HTTPS with the node's certificate when it has one), and whose routes
/// are mapped by one extension per feature: <see cref="HealthEndpoints.MapHealth"/>,
/// <see cref="MetricsEndpoints.MapMetrics"/>, <see cref="ConsoleEndpoints.MapConsole"/>. Kestrel starts after the actor system (hosted services start in
/// order, the server last), so every route finds the <see cref="ActorSystem"/> in DI, and stops before it.
/// </summary>
public static class NodeHttp
{
    /// <summary>A web application builder that reads no URLs or ports of its own (ASPNETCORE_URLS and the like): the node's settings decide.</summary>
    public static WebApplicationBuilder CreateBuilder(NodeConfig node, NodeHttpSettings http)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Listen(kestrel, http, listen =>
            {
                if (node.Tls is { } tls) listen.UseHttps(tls.Certificate);
            });
        });
        return builder;
    }

    /// <summary>Builds the application, with the login of <c>--auth</c> in front (<see cref="HttpLogin"/>), and maps the node's routes.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, NodeConfig node)
    {
        var app = builder.Build();
        if (node.Config.GetBoolean(NodeConfigLoader.AuthenticationKey, false)) app.UseHttpLogin();
        app.MapNodeRoutes();
        return app;
    }

    /// <summary>Every route group of the node, one extension per feature.</summary>
    public static IEndpointRouteBuilder MapNodeRoutes(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealth().MapMetrics().MapConsole();

    /// <summary>
    /// <c>host:port</c> where the endpoint listens once started (the bound port, also for port 0), or null when the
    /// node has no HTTP endpoint.
    /// </summary>
    public static string? BoundAddress(IServiceProvider services, NodeConfig node)
    {
        if (NodeHttpSettings.Create(node.Config) is not { } http) return null;
        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)) return null;
        var host = NodeAddresses.IsWildcard(http.Host) ? "0.0.0.0" : http.Host;
        return host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{uri.Port}" : $"{host}:{uri.Port}";
    }

    private static void Listen(KestrelServerOptions kestrel, NodeHttpSettings http, Action<ListenOptions> configure)
    {
        if (NodeAddresses.IsWildcard(http.Host))
            kestrel.ListenAnyIP(http.Port, configure);
        else if (IPAddress.TryParse(http.Host.Trim('[', ']'), out var ip))
            kestrel.Listen(ip, http.Port, configure);
        else if (string.Equals(http.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            kestrel.Listen(IPAddress.Loopback, http.Port, configure);
        else
            kestrel.Listen(Dns.GetHostAddresses(http.Host).First(), http.Port, configure);
    }
}
