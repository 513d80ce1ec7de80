using Automations.Integrations.Http;

namespace Automations.Integrations.Linear;

/// <summary><c>Automations:Linear</c>: the GraphQL endpoint and the credentials (the app's OAuth token, or an API key).</summary>
public sealed class LinearClientOptions : IProviderOptions
{
    public const string Section = "Automations:Linear";

    /// <summary>The GraphQL endpoint. Default <c>https://api.linear.app/graphql</c>.</summary>
    public string ApiUrl { get; set; } = "https://api.linear.app/graphql";

    /// <summary>A personal API key, sent as Linear documents it: <c>Authorization: &lt;key&gt;</c>, with no scheme.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The app's OAuth access token, installed with <c>actor=app</c>: what a Linear agent acts with (its activities
    /// and sessions are the app's). Sent as <c>Authorization: Bearer &lt;token&gt;</c>; used before <see cref="ApiKey"/>.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>The <c>Authorization</c> header's value: the OAuth token as a bearer, else the API key bare; null with neither.</summary>
    public string? Authorization() =>
        !string.IsNullOrWhiteSpace(AccessToken) ? $"Bearer {AccessToken.Trim()}"
        : !string.IsNullOrWhiteSpace(ApiKey) ? ApiKey
        : null;

    public HttpRetryOptions Retry { get; set; } = new();
}
