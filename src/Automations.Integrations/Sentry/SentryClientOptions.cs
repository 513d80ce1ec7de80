using Automations.Integrations.Http;

namespace Automations.Integrations.Sentry;

/// <summary><c>Automations:Sentry</c>: the API and a token with <c>event:read</c>.</summary>
public sealed class SentryClientOptions : IProviderOptions
{
    public const string Section = "Automations:Sentry";

    /// <summary>The API. Default <c>https://sentry.io/api/0</c>; self-hosted: <c>https://HOST/api/0</c>.</summary>
    public string ApiUrl { get; set; } = "https://sentry.io/api/0";

    /// <summary>An auth token, sent as a bearer.</summary>
    public string? Token { get; set; }

    public HttpRetryOptions Retry { get; set; } = new();
}
