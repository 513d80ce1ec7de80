using System.Net.Http.Headers;
using System.Text.Json;
using Automations.Core.Definitions.Actions;
using Automations.Core.Events;
using Automations.Core.Sessions;
using Automations.Core.Sources.StandardWebhooks;

namespace Automations.Integrations.Actions;

/// <summary>
/// <c>webhook</c>: the session's result, POSTed once it is at rest and signed the Standard Webhooks way
/// (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature: v1,…</c>). The id is the same on
/// every retry, so a receiver can drop a second copy.
/// </summary>
internal sealed class ResultWebhookStep(IHttpClientFactory clients, TimeProvider time)
{
    public const string HttpClientName = "result-webhooks";

    public async Task RunAsync(ActionRun run, WebhookAction action, CancellationToken cancellationToken)
    {
        var key = action.Key;
        if (!run.IsAtRest || run.Ledger.Find(key) is { State: not Core.Sessions.Actions.ActionLedger.Started })
        {
            return;
        }

        var session = run.Session;
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new
            {
                type = "session.result",
                session = new
                {
                    session.Id, session.Automation, session.Status, session.Repository, session.Branch, session.PullRequest,
                    session.CostUsd, session.Error, trigger = session.Trigger, url = run.SessionUrl?.AbsoluteUri, apiUrl = run.SessionApiUrl?.AbsoluteUri,
                },
                result = run.AgentResult,
            },
            EventJson.Options);
        var id = $"{session.Id}.{key}";
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, action.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (action.SecretVariable is { } variable)
        {
            if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } secret)
            {
                await run.RecordAsync([SessionEvents.ActionFailed(key, $"{key}: the signing secret's variable {variable} is not set")], cancellationToken);
                return;
            }

            request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(secret, id, timestamp, body));
        }

        await run.StartAsync(key, cancellationToken);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            await run.RecordAsync(
                [response.IsSuccessStatusCode
                    ? SessionEvents.ActionDone(key, new { status = (int)response.StatusCode })
                    : SessionEvents.ActionFailed(key, $"{key}: {action.Url.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}")],
                cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            await run.RecordAsync([SessionEvents.ActionFailed(key, $"{key}: {action.Url.Host} could not be reached: {ex.Message}")], cancellationToken);
        }
    }
}
