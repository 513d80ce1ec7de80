using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Sessions;

namespace Automations.Host.Api;

/// <summary>
/// <c>GET /api/sessions/{id}/stream</c>: a WebSocket that first replays the session's events, then sends
/// new ones as they are appended, each once and in order (<c>{seq, at, type, data}</c>); with <c>?after=N</c>
/// the replay starts after event N (the console has rendered those). Events written by
/// another instance arrive through a store poll. A client's <c>{"type":"prompt","text":"..."}</c> is a
/// follow-up message, refused to a read-only caller.
/// </summary>
public static class SessionStream
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    internal static async Task<IResult> AcceptAsync(string id, long? after, HttpContext context, ISessionStore sessions, SessionEventHub hub, SessionCommands commands, TimeProvider time)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(title: "WebSocket expected", detail: "Open this route as a WebSocket.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (await sessions.GetAsync(id, context.RequestAborted) is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"No session {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);

        // Subscribe before the replay, so nothing appended in between is missed; duplicates are dropped by seq.
        using var subscription = hub.Watch(id);
        var channel = new Outbound(socket);
        var receive = ReceiveAsync(channel, id, commands, ApiCallers.Of(context)?.CanChange == true, stop);
        try
        {
            await SendAsync(channel, id, Math.Max(after ?? 0, 0), sessions, subscription, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
        }

        await stop.CancelAsync();
        await receive;
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "session stream ended", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The client went away first.
            }
        }

        return TypedResults.Empty;
    }

    private static async Task SendAsync(Outbound socket, string id, long after, ISessionStore sessions, SessionEventHub.Subscription subscription, CancellationToken cancellationToken)
    {
        var last = after;
        async Task CatchUpAsync()
        {
            foreach (var e in await sessions.GetEventsAsync(id, last, cancellationToken))
            {
                await SendEventAsync(socket, e, cancellationToken);
                last = e.Seq;
            }
        }

        await CatchUpAsync();
        while (!cancellationToken.IsCancellationRequested)
        {
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            poll.CancelAfter(PollInterval);
            SessionEvent? next = null;
            try
            {
                if (await subscription.Reader.WaitToReadAsync(poll.Token))
                {
                    subscription.Reader.TryRead(out next);
                }
                else
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Nothing live for a while: look in the store, for events another instance wrote.
                await CatchUpAsync();
                continue;
            }

            if (next is null || next.Seq <= last)
            {
                continue;
            }

            if (next.Seq > last + 1)
            {
                // A gap: the watcher fell behind, or another instance wrote in between. The store has it all.
                await CatchUpAsync();
                continue;
            }

            await SendEventAsync(socket, next, cancellationToken);
            last = next.Seq;
        }
    }

    private static Task SendEventAsync(Outbound socket, SessionEvent e, CancellationToken cancellationToken) =>
        socket.SendAsync(new { seq = e.Seq, at = e.At, type = e.Type, data = e.Data }, cancellationToken);

    private static async Task ReceiveAsync(Outbound outbound, string id, SessionCommands commands, bool canChange, CancellationTokenSource stop)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await outbound.Socket.ReceiveAsync(buffer, stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await stop.CancelAsync();
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (message.Length > 1024 * 1024)
                    {
                        await outbound.Socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "messages are limited to 1 MB", CancellationToken.None);
                        await stop.CancelAsync();
                        return;
                    }
                }
                while (!result.EndOfMessage);

                await HandleAsync(outbound, id, commands, canChange, Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length), stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
            await stop.CancelAsync();
        }
    }

    private static async Task HandleAsync(Outbound socket, string id, SessionCommands commands, bool canChange, string text, CancellationToken cancellationToken)
    {
        string? type = null;
        string? prompt = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                prompt = root.TryGetProperty("text", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            }
        }
        catch (JsonException)
        {
        }

        if (type != "prompt")
        {
            await socket.SendAsync(new { type = "error", error = "Send {\"type\":\"prompt\",\"text\":\"...\"} to add a follow-up." }, cancellationToken);
            return;
        }

        if (!canChange)
        {
            await socket.SendAsync(new { type = "error", error = "This key is read-only: it cannot send messages." }, cancellationToken);
            return;
        }

        var result = await commands.PostMessageAsync(id, prompt, "stream", cancellationToken);
        await socket.SendAsync(result.Succeeded ? new { type = "accepted", error = (string?)null } : new { type = "error", error = result.Problem }, cancellationToken);
    }

    /// <summary>The socket, with one send at a time: replies and events come from two loops.</summary>
    private sealed class Outbound(WebSocket socket)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public WebSocket Socket { get; } = socket;

        public async Task SendAsync(object message, CancellationToken cancellationToken)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(message, EventJson.Options);
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
