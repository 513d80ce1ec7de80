using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Automations.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Slack;

/// <summary>
/// Slack's Web API: <c>chat.postMessage</c> and <c>chat.update</c>. Slack answers most failures with
/// HTTP 200 and <c>{"ok": false, "error": "channel_not_found"}</c>: that is an error value with Slack's
/// code; a 429 (<c>ratelimited</c>) waits out <c>Retry-After</c>.
/// </summary>
public sealed class SlackClient(HttpClient http, IOptions<SlackClientOptions> options)
{
    public const string Provider = "Slack";

    public const string HttpClientName = "slack";

    private readonly SlackClientOptions _options = options.Value;

    public Task<ProviderResult<SlackPosted>> PostMessageAsync(SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return CallAsync("chat.postMessage", new PostMessageRequest(message.Channel, message.Text, message.Blocks, message.ThreadTs), cancellationToken);
    }

    /// <summary>Replaces the text and blocks of the message <paramref name="ts"/> in <paramref name="channel"/> (the channel's id, as <see cref="SlackPosted.Channel"/>).</summary>
    public Task<ProviderResult<SlackPosted>> UpdateMessageAsync(string channel, string ts, string text, JsonArray? blocks, CancellationToken cancellationToken) =>
        CallAsync("chat.update", new UpdateMessageRequest(channel, ts, text, blocks), cancellationToken);

    private async Task<ProviderResult<SlackPosted>> CallAsync(string method, object body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.BotToken))
        {
            return new ProviderError(Provider, ProviderErrorKind.NotConfigured, "no credentials: set Automations:Slack:BotToken");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = JsonContent.Create(body, body.GetType(), new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, IntegrationJson.SnakeCase),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BotToken);
        var sent = await ProviderCalls.SendAsync(http, request, Provider, cancellationToken);
        if (!sent.Succeeded)
        {
            return sent.As<SlackPosted>();
        }

        using var response = sent.Value;
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return ProviderCalls.Failure(Provider, request, response, ProviderCalls.StringProperty(text, "error") ?? text, _options.Retry);
        }

        var answer = await ProviderCalls.ReadJsonAsync<SlackAnswer>(response, IntegrationJson.SnakeCase, Provider, cancellationToken);
        if (!answer.Succeeded)
        {
            return answer.As<SlackPosted>();
        }

        if (!answer.Value.Ok || answer.Value.Channel is null || answer.Value.Ts is null)
        {
            return new ProviderError(Provider, ProviderErrorKind.Rejected, answer.Value.Error ?? "ok was false, with no error") { Status = response.StatusCode };
        }

        return new SlackPosted(answer.Value.Channel, answer.Value.Ts);
    }

    private sealed record PostMessageRequest(string Channel, string Text, JsonArray? Blocks, string? ThreadTs);

    private sealed record UpdateMessageRequest(string Channel, string Ts, string Text, JsonArray? Blocks);

    private sealed record SlackAnswer(bool Ok, string? Error, string? Channel, [property: JsonPropertyName("ts")] string? Ts);
}
