using Actors.Kafka.Server.Sasl;
using Actors.Security;

namespace Actors.Kafka.Edge;

/// <summary>The users a node's SASL listener logs in: the cluster's, from <see cref="Security.Security"/>.</summary>
public sealed class SecuritySaslCredentials(Security.Security security) : ISaslCredentials
{
    public ScramCredential? Scram(string user, ScramMechanism mechanism) => security.State?.Credential(user, mechanism);

    public string? Plain(string user, string password) => security.Authenticate(user, password, "Kafka edge", out _);
}
