using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

/// <summary><c>Automations:GitHub</c>: the REST API, its credentials, and where repositories are cloned from.</summary>
public sealed class GitHubClientOptions : IProviderOptions
{
    public const string Section = "Automations:GitHub";

    /// <summary>The REST API. Default <c>https://api.github.com</c>; GitHub Enterprise: <c>https://HOST/api/v3</c>.</summary>
    public string ApiUrl { get; set; } = "https://api.github.com";

    /// <summary>A personal access token or any token GitHub takes as a bearer. Set this, or <see cref="AppId"/> and <see cref="PrivateKeyPath"/>.</summary>
    public string? Token { get; set; }

    /// <summary>A GitHub App's id: calls use installation tokens, made from an RS256 JWT signed with <see cref="PrivateKeyPath"/>.</summary>
    public long? AppId { get; set; }

    /// <summary>The GitHub App's private key, a PEM file.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Where <c>owner/name</c> repositories live (<c>{GitUrl}/{owner}/{name}.git</c>): git gets the token for remotes under it. Default <c>https://github.com</c>.</summary>
    public string GitUrl { get; set; } = "https://github.com";

    /// <summary>An installation token is replaced this long before it expires. Default 5 minutes.</summary>
    public TimeSpan TokenRefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    public HttpRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Each session that pushed to a GitHub repository owns a check run on its head commit (<c>Automations:GitHub:CheckRuns</c>).
    /// Default true; where the credentials cannot write checks (a personal token), GitHub's refusal is recorded once per commit.
    /// </summary>
    public bool CheckRuns { get; set; } = true;

    /// <summary>What a comment starts with to steer a session (<c>Automations:GitHub:CommandWord</c>). Default <c>@automations</c>.</summary>
    public string CommandWord { get; set; } = "@automations";

    /// <summary>True when a GitHub App is configured rather than a plain token.</summary>
    public bool UsesApp => AppId is not null;
}
