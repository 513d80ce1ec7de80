using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Automations.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Slack;

/// <summary>
/// Slack's Web API: <c>chat.postMessage</c> and <c>chat.update</c>; <c>conversations.history</c>,
/// <c>conversations.replies</c> and <c>conversations.list</c> to find a message again; <c>users.list</c> and
/// <c>conversations.open</c> to reach a person. Slack answers most failures with
/// HTTP 200 and <c>{"ok": false, "error": "channel_not_found"}</c>: that is an error value with Slack's
/// code; a 429 (<c>ratelimited</c>) waits out <c>Retry-After</c>.
/// </summary>
public sealed class SlackClient(HttpClient http, IOptions<SlackClientOptions> options, SlackNames names)
{
    public const string Provider = "Slack";

    public const string HttpClientName = "slack";

    private readonly SlackClientOptions _options = options.Value;

    /// <summary>
    /// Posts <paramref name="message"/>. A person (<c>@name</c>) is no channel to Slack since 2018: the message goes
    /// to the bot's direct message with them (<see cref="ChannelIdAsync"/>).
    /// </summary>
    public async Task<ProviderResult<SlackPosted>> PostMessageAsync(SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var channel = message.Channel;
        if (channel.StartsWith('@'))
        {
            var direct = await ChannelIdAsync(channel, cancellationToken);
            if (!direct.Succeeded)
            {
                return direct.As<SlackPosted>();
            }

            channel = direct.Value;
        }

        return await CallAsync("chat.postMessage", new PostMessageRequest(channel, message.Text, message.Blocks, message.ThreadTs, message.Metadata is { } m ? new MetadataBody(m.EventType, m.EventPayload) : null), cancellationToken);
    }

    /// <summary>Replaces the text and blocks of the message <paramref name="ts"/> in <paramref name="channel"/> (the channel's id, as <see cref="SlackPosted.Channel"/>).</summary>
    public Task<ProviderResult<SlackPosted>> UpdateMessageAsync(string channel, string ts, string text, JsonArray? blocks, CancellationToken cancellationToken) =>
        CallAsync("chat.update", new UpdateMessageRequest(channel, ts, text, blocks), cancellationToken);

    /// <summary>
    /// The messages of <paramref name="channel"/> (its id) since <paramref name="oldest"/>, or, with
    /// <paramref name="threadTs"/>, of that thread; every page, with their metadata.
    /// </summary>
    public async Task<ProviderResult<IReadOnlyList<SlackHistoryMessage>>> HistoryAsync(string channel, string? threadTs, DateTimeOffset oldest, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>
        {
            ["channel"] = channel,
            ["oldest"] = SlackTs(oldest),
            ["include_all_metadata"] = "true",
            ["limit"] = "200",
        };
        if (threadTs is not null)
        {
            query["ts"] = threadTs;
        }

        var messages = new List<SlackHistoryMessage>();
        var pages = await ReadPagesAsync(threadTs is null ? "conversations.history" : "conversations.replies", query, page =>
        {
            foreach (var m in (page["messages"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var metadata = m["metadata"] is JsonObject md && (string?)md["event_type"] is { } type
                    ? new SlackMetadata(type, md["event_payload"] as JsonObject ?? [])
                    : null;
                messages.Add(new SlackHistoryMessage((string?)m["ts"] ?? string.Empty, (string?)m["thread_ts"], (string?)m["text"], metadata));
            }

            return true;
        }, cancellationToken);
        return pages.Succeeded ? messages : pages.As<IReadOnlyList<SlackHistoryMessage>>();
    }

    /// <summary>
    /// The id of <paramref name="channel"/>: itself when it is one; for a person (<c>@name</c>), the bot's direct
    /// message with them (<see cref="DirectMessageIdAsync"/>); else the channel of that name (with or without <c>#</c>).
    /// </summary>
    public async Task<ProviderResult<string>> ChannelIdAsync(string channel, CancellationToken cancellationToken)
    {
        if (!channel.StartsWith('#') && channel.Length > 1 && channel.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
        {
            return channel;
        }

        // A name is looked up once per lifetime of SlackNames: #alerts and alerts are one channel.
        var key = channel.StartsWith('@') ? channel : "#" + channel.TrimStart('#');
        if (names.Find(key) is { } known)
        {
            return known;
        }

        var found = channel.StartsWith('@') ? await DirectMessageIdAsync(channel[1..], cancellationToken) : await NamedChannelIdAsync(key[1..], cancellationToken);
        if (found.Succeeded)
        {
            names.Keep(key, found.Value);
        }

        return found;
    }

    /// <summary>The id of the channel named <paramref name="name"/> (<c>conversations.list</c>, public and private, not archived).</summary>
    private async Task<ProviderResult<string>> NamedChannelIdAsync(string name, CancellationToken cancellationToken)
    {
        string? id = null;
        var query = new Dictionary<string, string> { ["types"] = "public_channel,private_channel", ["exclude_archived"] = "true", ["limit"] = "200" };
        var pages = await ReadPagesAsync("conversations.list", query, page =>
            (id = (page["channels"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == name)?["id"]?.GetValue<string>()) is null, cancellationToken);
        return !pages.Succeeded ? pages.As<string>()
            : id is not null ? id
            : new ProviderError(Provider, ProviderErrorKind.Rejected, $"channel_not_found: no channel named {name}");
    }

    /// <summary>
    /// The bot's direct message with the person whose handle is <paramref name="name"/>, or else the one person whose
    /// display name it is (<c>users.list</c>, scope <c>users:read</c>; then <c>conversations.open</c>, scope
    /// <c>im:write</c>). Deactivated members and bots are no one to tell; a display name two people share names neither.
    /// </summary>
    private async Task<ProviderResult<string>> DirectMessageIdAsync(string name, CancellationToken cancellationToken)
    {
        string? byHandle = null;
        var byDisplayName = new List<string>();
        var pages = await ReadPagesAsync("users.list", new Dictionary<string, string> { ["limit"] = "200" }, page =>
        {
            foreach (var member in (page["members"] as JsonArray ?? []).OfType<JsonObject>().Where(IsPerson))
            {
                var id = (string?)member["id"] ?? string.Empty;
                if (string.Equals((string?)member["name"], name, StringComparison.OrdinalIgnoreCase))
                {
                    byHandle = id;
                    return false;
                }

                if (string.Equals((string?)member["profile"]?["display_name"], name, StringComparison.OrdinalIgnoreCase))
                {
                    byDisplayName.Add(id);
                }
            }

            return true;
        }, cancellationToken);
        if (!pages.Succeeded)
        {
            return pages.As<string>();
        }

        if ((byHandle ?? (byDisplayName.Count == 1 ? byDisplayName[0] : null)) is not { } user)
        {
            return new ProviderError(Provider, ProviderErrorKind.Rejected, byDisplayName.Count > 1
                ? $"user_ambiguous: @{name} is the display name of {string.Join(", ", byDisplayName)}; name one by their handle"
                : $"user_not_found: no active person in the workspace is named @{name}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "conversations.open")
        {
            Content = JsonContent.Create(new OpenRequest(user), new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, IntegrationJson.SnakeCase),
        };
        var opened = await SendAsync(request, cancellationToken);
        return !opened.Succeeded ? opened.As<string>()
            : (string?)opened.Value["channel"]?["id"] is { Length: > 0 } channel ? channel
            : new ProviderError(Provider, ProviderErrorKind.Rejected, "conversations.open answered without a channel id");
    }

    private static bool IsPerson(JsonObject member) => !IsTrue(member["deleted"]) && !IsTrue(member["is_bot"]);

    private static bool IsTrue(JsonNode? flag) => flag is JsonValue value && value.TryGetValue<bool>(out var set) && set;

    private static string SlackTs(DateTimeOffset at) =>
        (at.ToUnixTimeMilliseconds() / 1000m).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A read method of the Web API (form arguments in the query), page after page by <c>response_metadata.next_cursor</c>,
    /// for as long as <paramref name="onPage"/> says to read on.
    /// </summary>
    private async Task<ProviderResult<bool>> ReadPagesAsync(string method, Dictionary<string, string> query, Func<JsonObject, bool> onPage, CancellationToken cancellationToken)
    {
        while (true)
        {
            var uri = method + "?" + string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            var page = await SendAsync(request, cancellationToken);
            if (!page.Succeeded)
            {
                return page.As<bool>();
            }

            if (!onPage(page.Value) || (string?)page.Value["response_metadata"]?["next_cursor"] is not { Length: > 0 } cursor)
            {
                return true;
            }

            query["cursor"] = cursor;
        }
    }

    private async Task<ProviderResult<SlackPosted>> CallAsync(string method, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = JsonContent.Create(body, body.GetType(), new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, IntegrationJson.SnakeCase),
        };
        var answer = await SendAsync(request, cancellationToken);
        if (!answer.Succeeded)
        {
            return answer.As<SlackPosted>();
        }

        return (string?)answer.Value["channel"] is { } channel && (string?)answer.Value["ts"] is { } ts
            ? new SlackPosted(channel, ts)
            : new ProviderError(Provider, ProviderErrorKind.Rejected, "the answer has no channel or ts");
    }

    /// <summary>Sends a Web API call with the bot token: its answer when <c>ok</c> is true, else Slack's error code.</summary>
    private async Task<ProviderResult<JsonObject>> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.BotToken))
        {
            return new ProviderError(Provider, ProviderErrorKind.NotConfigured, "no credentials: set Automations:Slack:BotToken");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BotToken);
        var sent = await ProviderCalls.SendAsync(http, request, Provider, cancellationToken);
        if (!sent.Succeeded)
        {
            return sent.As<JsonObject>();
        }

        using var response = sent.Value;
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return ProviderCalls.Failure(Provider, request, response, ProviderCalls.StringProperty(text, "error") ?? text, _options.Retry);
        }

        var answer = await ProviderCalls.ReadJsonAsync<JsonObject>(response, IntegrationJson.SnakeCase, Provider, cancellationToken);
        if (!answer.Succeeded)
        {
            return answer;
        }

        return answer.Value["ok"]?.GetValue<bool>() == true
            ? answer
            : new ProviderError(Provider, ProviderErrorKind.Rejected, (string?)answer.Value["error"] ?? "ok was false, with no error") { Status = response.StatusCode };
    }

    private sealed record PostMessageRequest(string Channel, string Text, JsonArray? Blocks, string? ThreadTs, MetadataBody? Metadata);

    private sealed record MetadataBody(string EventType, JsonObject EventPayload);

    private sealed record OpenRequest(string Users);

    private sealed record UpdateMessageRequest(string Channel, string Ts, string Text, JsonArray? Blocks);
}
