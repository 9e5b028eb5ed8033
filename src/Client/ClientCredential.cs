namespace Actors.Client;

/// <summary>
/// The user a client logs in as at a node with authentication on (<c>actors.security.authentication</c>). The
/// password goes to the node in the clear inside the cluster's TLS: use it only over TLS beyond loopback.
/// </summary>
public sealed record ClientCredential(string User, string Password)
{
    public override string ToString() => $"ClientCredential {{ User = {User} }}";
}
