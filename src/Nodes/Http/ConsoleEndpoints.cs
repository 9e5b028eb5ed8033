using Microsoft.AspNetCore.Routing;

namespace Actors.Nodes.Http;

/// <summary>The web console and the JSON API behind it (<c>/</c>, <c>/api/*</c>): mapped by the console's branch.</summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder e) => e;
}
