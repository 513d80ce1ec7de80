using System.Net;

namespace Automations.Integrations.Http;

/// <summary>
/// A provider call that did not succeed, with the provider's own words for it (GitHub's <c>message</c>,
/// Slack's <c>error</c>, GraphQL <c>errors[].message</c>, Sentry's <c>detail</c>). Never holds a credential.
/// </summary>
public sealed record ProviderError(string Provider, ProviderErrorKind Kind, string Message)
{
    /// <summary>The HTTP status of the last answer, when there was one.</summary>
    public HttpStatusCode? Status { get; init; }

    /// <summary>How long the provider asked to wait, when it did (rate limits).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public override string ToString() =>
        Status is { } status ? $"{Provider} {(int)status} {Kind}: {Message}" : $"{Provider} {Kind}: {Message}";
}
