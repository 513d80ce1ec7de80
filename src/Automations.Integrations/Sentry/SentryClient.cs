using System.Net.Http.Headers;
using Automations.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Sentry;

/// <summary>Sentry's API: an issue's details and its latest event, so a Sentry-started session carries the stack trace (<see cref="SentryStackTraceText"/>).</summary>
public sealed class SentryClient(HttpClient http, IOptions<SentryClientOptions> options)
{
    public const string Provider = "Sentry";

    public const string HttpClientName = "sentry";

    private readonly SentryClientOptions _options = options.Value;

    public Task<ProviderResult<SentryIssue>> GetIssueAsync(string issueId, CancellationToken cancellationToken) =>
        GetAsync<SentryIssue>($"issues/{Uri.EscapeDataString(issueId)}/", cancellationToken);

    public Task<ProviderResult<SentryEvent>> GetLatestEventAsync(string issueId, CancellationToken cancellationToken) =>
        GetAsync<SentryEvent>($"issues/{Uri.EscapeDataString(issueId)}/events/latest/", cancellationToken);

    private async Task<ProviderResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        if (string.IsNullOrEmpty(_options.Token))
        {
            return new ProviderError(Provider, ProviderErrorKind.NotConfigured, "no credentials: set Automations:Sentry:Token");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        var sent = await ProviderCalls.SendAsync(http, request, Provider, cancellationToken);
        if (!sent.Succeeded)
        {
            return sent.As<T>();
        }

        using var response = sent.Value;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return ProviderCalls.Failure(Provider, request, response, ProviderCalls.StringProperty(body, "detail") ?? body, _options.Retry);
        }

        return await ProviderCalls.ReadJsonAsync<T>(response, IntegrationJson.CamelCase, Provider, cancellationToken);
    }
}
