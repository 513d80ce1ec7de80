using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>
/// Slack's Web API under <c>/api</c>: <c>chat.postMessage</c> and <c>chat.update</c> with JSON bodies, a
/// bearer bot token, channels by name or id, and threads. As Slack does, failures are HTTP 200 with
/// <c>{"ok": false, "error": "..."}</c>.
/// </summary>
public sealed class FakeSlack : FakeServer
{
    private readonly Lock _state = new();
    private readonly Dictionary<string, string> _channels = new(StringComparer.Ordinal);
    private readonly List<FakeSlackMessage> _messages = [];
    private readonly string _botToken;
    private long _sequence;

    private FakeSlack(string botToken) => _botToken = botToken;

    /// <summary>Where a client's <c>ApiUrl</c> points.</summary>
    public Uri ApiUrl => new(Url, "api");

    public static async Task<FakeSlack> StartAsync(string botToken)
    {
        var server = new FakeSlack(botToken);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>A channel the bot can post in, by its id and its name (without <c>#</c>).</summary>
    public void AddChannel(string id, string name)
    {
        lock (_state)
        {
            _channels[id] = id;
            _channels[name] = id;
            _channels["#" + name] = id;
        }
    }

    public IReadOnlyList<FakeSlackMessage> Messages
    {
        get
        {
            lock (_state)
            {
                return [.. _messages];
            }
        }
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/api/chat.postMessage", (HttpContext context, JsonObject body) => Answer(context, Post(context, body)));
        app.MapPost("/api/chat.update", (HttpContext context, JsonObject body) => Answer(context, Update(context, body)));
    }

    private JsonObject Post(HttpContext context, JsonObject body)
    {
        if (Refused(context, body) is { } refused)
        {
            return refused;
        }

        lock (_state)
        {
            if (!_channels.TryGetValue((string?)body["channel"] ?? string.Empty, out var channel))
            {
                return Error("channel_not_found");
            }

            var threadTs = (string?)body["thread_ts"];
            if (threadTs is not null && !_messages.Any(m => m.Channel == channel && m.Ts == threadTs))
            {
                return Error("thread_not_found");
            }

            var message = new FakeSlackMessage
            {
                Channel = channel, Ts = NextTs(), ThreadTs = threadTs, Text = (string?)body["text"] ?? string.Empty, Blocks = body["blocks"]?.DeepClone() as JsonArray,
            };
            _messages.Add(message);
            return new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = message.Ts, ["message"] = new JsonObject { ["text"] = message.Text, ["ts"] = message.Ts, ["thread_ts"] = threadTs } };
        }
    }

    private JsonObject Update(HttpContext context, JsonObject body)
    {
        if (Refused(context, body) is { } refused)
        {
            return refused;
        }

        lock (_state)
        {
            var message = _messages.FirstOrDefault(m => m.Channel == (string?)body["channel"] && m.Ts == (string?)body["ts"]);
            if (message is null)
            {
                return Error(_channels.ContainsValue((string?)body["channel"] ?? string.Empty) ? "message_not_found" : "channel_not_found");
            }

            message.Text = (string?)body["text"] ?? message.Text;
            message.Blocks = body["blocks"]?.DeepClone() as JsonArray ?? message.Blocks;
            message.Edits++;
            return new JsonObject { ["ok"] = true, ["channel"] = message.Channel, ["ts"] = message.Ts, ["text"] = message.Text };
        }
    }

    private JsonObject? Refused(HttpContext context, JsonObject body)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {_botToken}")
        {
            return Error(context.Request.Headers.Authorization.Count == 0 ? "not_authed" : "invalid_auth");
        }

        return string.IsNullOrEmpty((string?)body["text"]) && body["blocks"] is null ? Error("no_text") : null;
    }

    private string NextTs()
    {
        var seconds = DateTimeOffset.FromUnixTimeSeconds(1_767_600_000).ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{++_sequence:D6}");
    }

    private static JsonObject Error(string code) => new() { ["ok"] = false, ["error"] = code };

    private static Task Answer(HttpContext context, JsonObject answer)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }
}
