using System.Net.Http.Headers;
using System.Text;
using Actors.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.Nodes.Http;

/// <summary>
/// The HTTP endpoint's door with <c>--auth</c>: every route but <c>/health/*</c> (probes carry no credentials) needs
/// HTTP Basic credentials that <see cref="Actors.Security.Security.Authenticate"/> accepts, of a user allowed admin on the cluster
/// (or a super user). No or wrong credentials: 401 with <c>WWW-Authenticate: Basic</c>; a user without the
/// permission: 403. The logged-in principal is in <see cref="HttpContext.Items"/> under <see cref="PrincipalKey"/>.
/// Without <c>--auth</c> every route is open (the endpoint is on loopback unless TLS and <c>--auth</c> guard it,
/// see <see cref="Configuration.SecureByDefault"/>).
/// </summary>
public static class HttpLogin
{
    /// <summary>The name of this door in the security log lines.</summary>
    public const string Door = "HTTP endpoint";

    /// <summary>The <see cref="HttpContext.Items"/> key of the logged-in user's name.</summary>
    public const string PrincipalKey = "actors.principal";

    private const string Challenge = "Basic realm=\"actors\", charset=\"UTF-8\"";

    public static IApplicationBuilder UseHttpLogin(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }

        var security = Actors.Security.Security.Get(context.RequestServices.GetRequiredService<ActorSystem>());
        var (user, password) = Credentials(context.Request);
        if (user is null || password is null)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "this node requires a login: HTTP Basic credentials of a user with admin on the cluster");
            return;
        }

        if (security.Authenticate(user, password, Door, out var reason) is not { } principal)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, $"login as '{user}': {reason}");
            return;
        }

        if (security.Deny(principal, AclPermission.Admin, AclResource.Cluster, "*", Door) is { } denied)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, denied);
            return;
        }

        context.Items[PrincipalKey] = principal;
        await next(context);
    });

    /// <summary>The user and password of an <c>Authorization: Basic</c> header; (null, null) when there is none or it is malformed.</summary>
    private static (string? User, string? Password) Credentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return (null, null);
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? (null, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = Challenge;
        return context.Response.WriteAsJsonAsync(new { error = reason });
    }
}
