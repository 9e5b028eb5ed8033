namespace Actors.Nodes.Hosting;

/// <summary>
/// Whether this node's TLS validator refused a peer's certificate (it also logs a <c>TLS: refused ...</c> line). Read
/// once the node stopped, to tell a handshake this node failed from one the peer refused. Written from the transport's
/// threads, so a single volatile flag.
/// </summary>
public sealed class TlsRefusals
{
    private volatile bool _any;

    /// <summary>True once this node refused a peer.</summary>
    public bool Any => _any;

    /// <summary>The validator's callback: records that a peer was refused (the reason is in the log already).</summary>
    public void Record(string reason) => _any = true;
}
