namespace Actors.Client;

/// <summary>A node refused a cluster request (<see cref="ClusterAdmin"/>), such as one naming no member; the message is its one-line reason.</summary>
public sealed class ClusterAdminException(string message) : Exception(message);
