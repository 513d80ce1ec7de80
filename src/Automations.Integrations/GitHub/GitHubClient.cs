using System.Net.Http.Headers;
using System.Net.Http.Json;
using Automations.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.GitHub;

/// <summary>
/// The few GitHub REST calls the engine makes: pull requests, comments, labels and reviewers, check
/// runs and job logs, reviews. Every call takes the repository's token from <see cref="IGitHubTokens"/>
/// and answers with a value or GitHub's own error message. Lists follow <c>Link: rel="next"</c> to the end.
/// </summary>
public sealed partial class GitHubClient(HttpClient http, IGitHubTokens tokens, IOptions<GitHubClientOptions> options)
{
    public const string Provider = "GitHub";

    /// <summary>The named HttpClient every GitHub call goes through.</summary>
    public const string HttpClientName = "github";

    /// <summary>More pages than this (100 items each) is a runaway list, not an answer.</summary>
    private const int MaxPages = 100;

    private readonly GitHubClientOptions _options = options.Value;

    private async Task<ProviderResult<T>> SendAsync<T>(GitHubRepository repository, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
        where T : class
    {
        var token = await tokens.ForRepositoryAsync(repository, cancellationToken);
        if (!token.Succeeded)
        {
            return token.As<T>();
        }

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value.Value);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: IntegrationJson.SnakeCase);
        }

        var sent = await ProviderCalls.SendAsync(http, request, Provider, cancellationToken);
        if (!sent.Succeeded)
        {
            return sent.As<T>();
        }

        using var response = sent.Value;
        if (!response.IsSuccessStatusCode)
        {
            return await FailureAsync(request, response, cancellationToken);
        }

        return await ProviderCalls.ReadJsonAsync<T>(response, IntegrationJson.SnakeCase, Provider, cancellationToken);
    }

    /// <summary>Every page of a list, following <c>Link: rel="next"</c>; a next link off the API's host is refused, so the token stays with GitHub.</summary>
    private async Task<ProviderResult<IReadOnlyList<T>>> ListAsync<T>(GitHubRepository repository, string path, CancellationToken cancellationToken)
    {
        var token = await tokens.ForRepositoryAsync(repository, cancellationToken);
        if (!token.Succeeded)
        {
            return token.As<IReadOnlyList<T>>();
        }

        var items = new List<T>();
        var origin = http.BaseAddress ?? ApiUrls.BaseAddress(_options.ApiUrl);
        Uri? next = new(origin, path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "per_page=100");
        for (var page = 1; next is not null; page++)
        {
            if (page > MaxPages)
            {
                return new ProviderError(Provider, ProviderErrorKind.InvalidResponse, $"{path} has more than {MaxPages} pages");
            }

            if (!ApiUrls.SameOrigin(origin, next))
            {
                return new ProviderError(Provider, ProviderErrorKind.InvalidResponse, $"the next page of {path} is on another host ({next.Host}); not followed");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value.Value);
            var sent = await ProviderCalls.SendAsync(http, request, Provider, cancellationToken);
            if (!sent.Succeeded)
            {
                return sent.As<IReadOnlyList<T>>();
            }

            using var response = sent.Value;
            if (!response.IsSuccessStatusCode)
            {
                return await FailureAsync(request, response, cancellationToken);
            }

            var pageItems = await ProviderCalls.ReadJsonAsync<List<T>>(response, IntegrationJson.SnakeCase, Provider, cancellationToken);
            if (!pageItems.Succeeded)
            {
                return pageItems.As<IReadOnlyList<T>>();
            }

            items.AddRange(pageItems.Value);
            next = LinkHeader.Next(response.Headers, next);
        }

        return items;
    }

    private async Task<ProviderError> FailureAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return ProviderCalls.Failure(Provider, request, response, GitHubErrors.Message(body), _options.Retry);
    }

    private static string Number(long number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
