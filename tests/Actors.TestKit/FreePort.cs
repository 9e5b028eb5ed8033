using System.Net;
using System.Net.Sockets;

namespace Actors.Testing;

/// <summary>A loopback TCP port that nothing listens on right now, as the operating system hands them out.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
