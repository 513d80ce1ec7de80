using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Automations.Integrations.Http;
using Microsoft.Extensions.Logging;

namespace Automations.Integrations.GitHub;

public sealed partial class GitHubAppTokens
{
    private const int MaxPages = 100;

    /// <summary>
    /// Every repository the App is installed on, as <c>owner/name</c>: <c>GET /app/installations</c> as the App,
    /// then <c>GET /installation/repositories</c> with each installation's token, every page of each. A suspended
    /// installation reaches nothing and is left out; so is an archived repository.
    /// </summary>
    public async Task<ProviderResult<IReadOnlyList<string>>> InstalledRepositoriesAsync(CancellationToken cancellationToken)
    {
        var installations = await PagesAsync<InstallationEntry[]>("app/installations", token: null, cancellationToken);
        if (!installations.Succeeded)
        {
            return installations.As<IReadOnlyList<string>>();
        }

        var live = installations.Value.SelectMany(p => p).Where(i => i.SuspendedAt is null).ToList();
        var repositories = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var installation in live)
        {
            var token = await ForInstallationAsync(installation.Id, cancellationToken);
            var pages = token.Succeeded ? await PagesAsync<RepositoriesPage>("installation/repositories", token.Value.Value, cancellationToken) : token.As<List<RepositoriesPage>>();
            if (!pages.Succeeded)
            {
                return pages.As<IReadOnlyList<string>>();
            }

            repositories.UnionWith(pages.Value.SelectMany(p => p.Repositories).Where(r => !r.Archived).Select(r => r.FullName));
        }

        Log.Installed(_logger, live.Count, repositories.Count);
        return repositories.ToList();
    }

    /// <summary>Every page at <paramref name="path"/>, following <c>Link: rel="next"</c> on the API's own host only.</summary>
    private async Task<ProviderResult<List<T>>> PagesAsync<T>(string path, string? token, CancellationToken cancellationToken)
        where T : class
    {
        var origin = ApiUrls.BaseAddress(_options.ApiUrl);
        var pages = new List<T>();
        for (Uri? next = new(origin, path + "?per_page=100"); next is not null;)
        {
            if (pages.Count == MaxPages || !ApiUrls.SameOrigin(origin, next))
            {
                return new ProviderError(GitHubClient.Provider, ProviderErrorKind.InvalidResponse, $"{path} has more than {MaxPages} pages, or a next page on another host; not followed");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            var current = next;
            next = null;
            var page = await SendAsync<T>(request, token, headers => next = LinkHeader.Next(headers, current), cancellationToken);
            if (!page.Succeeded)
            {
                return page.As<List<T>>();
            }

            pages.Add(page.Value);
        }

        return pages;
    }

    private sealed record InstallationEntry(long Id, [property: JsonPropertyName("suspended_at")] DateTimeOffset? SuspendedAt);

    private sealed record RepositoriesPage(IReadOnlyList<InstalledRepository> Repositories);

    private sealed record InstalledRepository([property: JsonPropertyName("full_name")] string FullName, bool Archived);

    private static partial class Log
    {
        [LoggerMessage(EventId = 711, Level = LogLevel.Information, Message = "The GitHub App's {Installations} installation(s) reach {Repositories} repositories")]
        public static partial void Installed(ILogger logger, int installations, int repositories);
    }
}
