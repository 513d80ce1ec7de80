using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Host.Cli;

/// <summary>
/// <c>automations sessions follow ID</c>: the session's stream, one JSON event per line, from its first
/// event; it ends when the session ends (a terminal status the session still has) or the engine closes it.
/// </summary>
internal static class SessionFollower
{
    public static async Task<int> FollowAsync(ApiClient api, string id, TextWriter output, CancellationToken cancellationToken)
    {
        if (await api.SendAsync(HttpMethod.Get, $"api/sessions/{Uri.EscapeDataString(id)}", cancellationToken) is null)
        {
            return 1;
        }

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {api.Key}");
        var scheme = api.BaseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        await socket.ConnectAsync(new UriBuilder(api.BaseAddress) { Scheme = scheme, Path = $"/api/sessions/{Uri.EscapeDataString(id)}/stream" }.Uri, cancellationToken);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var line = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            await output.WriteLineAsync(line);
            await output.FlushAsync(cancellationToken);
            if (EndsTheSession(line) && await api.SendAsync(HttpMethod.Get, $"api/sessions/{Uri.EscapeDataString(id)}", cancellationToken) is { } now
                && SessionStatus.IsTerminal(now.GetProperty("status").GetString() ?? ""))
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>A status event whose status is terminal; the session itself is asked, as it may have been resumed since.</summary>
    private static bool EndsTheSession(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return root.TryGetProperty("type", out var type) && type.GetString() == "status"
            && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("status", out var status) && SessionStatus.IsTerminal(status.GetString() ?? "");
    }
}
