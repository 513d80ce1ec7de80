using Automations.Integrations.Http;

namespace Automations.Integrations.Linear;

/// <summary><c>Automations:Linear</c>: the GraphQL endpoint and the API key.</summary>
public sealed class LinearClientOptions : IProviderOptions
{
    public const string Section = "Automations:Linear";

    /// <summary>The GraphQL endpoint. Default <c>https://api.linear.app/graphql</c>.</summary>
    public string ApiUrl { get; set; } = "https://api.linear.app/graphql";

    /// <summary>A personal API key, sent as Linear documents it: <c>Authorization: &lt;key&gt;</c>, with no scheme.</summary>
    public string? ApiKey { get; set; }

    public HttpRetryOptions Retry { get; set; } = new();
}
