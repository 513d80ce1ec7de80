using Automations.Integrations.Actions;
using Automations.Integrations.Linear;
using Microsoft.Extensions.Options;

namespace Automations.Host.Linear;

/// <summary>What the parts of the Linear agent share: the provider's name in the links, and the link to a session's page.</summary>
public sealed class LinearAgent(LinearClient client, IOptions<ActionsOptions> options)
{
    /// <summary>The provider of the links between Linear's agent sessions and the engine's.</summary>
    public const string Provider = "linear";

    /// <summary>The label of the link to the session's page on the dashboard.</summary>
    public const string PageLabel = "Automations session";

    public LinearClient Client { get; } = client;

    /// <summary>The session's page on the dashboard (<c>Automations:PublicUrl</c> + <c>sessions/{id}</c>); null without a public URL.</summary>
    public Uri? PageOf(string sessionId) => options.Value.PublicUrl is { } url ? new Uri(url, $"sessions/{Uri.EscapeDataString(sessionId)}") : null;

    /// <summary>The agent session's external links: the session's page, and its pull request once it has one.</summary>
    public IReadOnlyList<(string Label, Uri Url)> LinksOf(string sessionId, string? pullRequestUrl)
    {
        var links = new List<(string, Uri)>();
        if (PageOf(sessionId) is { } page)
        {
            links.Add((PageLabel, page));
        }

        if (Uri.TryCreate(pullRequestUrl, UriKind.Absolute, out var pullRequest))
        {
            links.Add(("Pull request", pullRequest));
        }

        return links;
    }
}
