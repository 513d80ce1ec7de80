using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>
/// Slack's Web API under <c>/api</c>: <c>chat.postMessage</c> (with <c>metadata</c>) and <c>chat.update</c>
/// with JSON bodies; <c>conversations.history</c>, <c>conversations.replies</c> and <c>conversations.list</c>
/// with their arguments in the query, paged by <c>cursor</c>; a bearer bot token, channels by name or id,
/// threads, and people (<c>FakeSlack.People.cs</c>). As Slack does, failures are HTTP 200 with <c>{"ok": false, "error": "..."}</c>.
/// </summary>
public sealed partial class FakeSlack : FakeServer
{
    private readonly Lock _state = new();
    private readonly Dictionary<string, string> _channels = new(StringComparer.Ordinal);
    private readonly List<FakeSlackMessage> _messages = [];
    private readonly string _botToken;
    private long _sequence;
    private long _lastSecond;

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

    /// <summary>The most messages or channels one page of a read method holds, whatever <c>limit</c> asks for.</summary>
    public int MaxPageSize { get; set; } = 200;

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
        app.MapGet("/api/conversations.history", (HttpContext context) => Answer(context, History(context, replies: false)));
        app.MapGet("/api/conversations.replies", (HttpContext context) => Answer(context, History(context, replies: true)));
        app.MapGet("/api/conversations.list", (HttpContext context) => Answer(context, List(context)));
        MapPeople(app);
    }

    /// <summary>A channel's messages (not replies) newest first, or a thread's, parent first; <c>oldest</c> is exclusive.</summary>
    private JsonObject History(HttpContext context, bool replies)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }

        var query = context.Request.Query;
        lock (_state)
        {
            if (!_channels.ContainsValue(query["channel"].ToString()))
            {
                return Error("channel_not_found");
            }

            var channel = query["channel"].ToString();
            var oldest = decimal.TryParse(query["oldest"], CultureInfo.InvariantCulture, out var o) ? o : 0m;
            var thread = query["ts"].ToString();
            if (replies && !_messages.Any(m => m.Channel == channel && m.Ts == thread))
            {
                return Error("thread_not_found");
            }

            var matching = _messages.Where(m => m.Channel == channel && decimal.Parse(m.Ts, CultureInfo.InvariantCulture) > oldest);
            matching = replies ? matching.Where(m => m.Ts == thread || m.ThreadTs == thread) : matching.Where(m => m.ThreadTs is null).Reverse();
            var withMetadata = query["include_all_metadata"] == "true";
            return Page(context, "messages", matching.Select(m =>
            {
                var json = new JsonObject { ["type"] = "message", ["ts"] = m.Ts, ["text"] = m.Text, ["thread_ts"] = m.ThreadTs };
                if (withMetadata && m.Metadata is not null)
                {
                    json["metadata"] = m.Metadata.DeepClone();
                }

                return json;
            }).ToList());
        }
    }

    private JsonObject List(HttpContext context)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }

        lock (_state)
        {
            var channels = _channels.Where(c => c.Key != c.Value && !c.Key.StartsWith('#'))
                .Select(c => new JsonObject { ["id"] = c.Value, ["name"] = c.Key, ["is_channel"] = true })
                .ToList();
            return Page(context, "channels", channels);
        }
    }

    /// <summary>One page of <paramref name="items"/> from <c>cursor</c> (an offset here) by <c>limit</c>, with the next cursor, empty at the end.</summary>
    private JsonObject Page(HttpContext context, string name, List<JsonObject> items)
    {
        var query = context.Request.Query;
        var start = int.TryParse(query["cursor"], out var cursor) ? cursor : 0;
        var limit = Math.Min(int.TryParse(query["limit"], out var l) ? l : 100, MaxPageSize);
        var page = items.Skip(start).Take(limit).ToArray<JsonNode>();
        var next = start + page.Length < items.Count ? (start + page.Length).ToString(CultureInfo.InvariantCulture) : string.Empty;
        return new JsonObject
        {
            ["ok"] = true,
            [name] = new JsonArray(page),
            ["has_more"] = next.Length > 0,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        };
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
                Metadata = body["metadata"]?.DeepClone() as JsonObject,
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

    private JsonObject? Refused(HttpContext context, JsonObject body) =>
        Unauthorized(context) ?? (string.IsNullOrEmpty((string?)body["text"]) && body["blocks"] is null ? Error("no_text") : null);

    private JsonObject? Unauthorized(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() == $"Bearer {_botToken}" ? null
            : Error(context.Request.Headers.Authorization.Count == 0 ? "not_authed" : "invalid_auth");

    /// <summary>As Slack's: the time in epoch seconds, and a part after the point that keeps them apart and in order.</summary>
    private string NextTs()
    {
        var seconds = Math.Max(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), _lastSecond);
        _sequence = seconds == _lastSecond ? _sequence + 1 : 1;
        _lastSecond = seconds;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{_sequence:D6}");
    }

    private static JsonObject Error(string code) => new() { ["ok"] = false, ["error"] = code };

    private static Task Answer(HttpContext context, JsonObject answer)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }
}
