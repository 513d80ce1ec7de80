using System.Net;
using System.Net.Sockets;

namespace Automations.Host.Cli;

/// <summary>
/// Whether an address the engine is to listen on is taken, asked before the host starts: a taken port is
/// then one line that names it, not the host's failure log and the same exception again as a crash.
/// </summary>
internal static class PortCheck
{
    /// <summary>The first of <paramref name="urls"/> (separated by ';') whose port another process holds, or null.</summary>
    public static string? FirstInUse(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Endpoint(url) is { } endpoint && Taken(endpoint))
            {
                return url;
            }
        }

        return null;
    }

    private static IPEndPoint? Endpoint(string url)
    {
        // Kestrel's wildcards (http://*:7070, http://+:7070) are no URI hosts.
        var normal = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normal, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return null;
        }

        if (uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _))
        {
            return new IPEndPoint(IPAddress.Loopback, uri.Port);
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) ? new IPEndPoint(address, uri.Port) : null;
    }

    private static bool Taken(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // Not ours to judge (an address this machine does not have): Kestrel says what is wrong.
            return false;
        }
    }
}
