using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Automations.Integrations.Http;
using Microsoft.Extensions.Logging;

namespace Automations.Integrations.GitHub;

/// <summary>
/// A GitHub App's installation tokens: an RS256 JWT exchanged at
/// <c>POST /app/installations/{id}/access_tokens</c>, kept per installation until
/// <see cref="GitHubClientOptions.TokenRefreshBefore"/> before it expires. The installation is the
/// delivery's (<see cref="GitHubRepository.InstallationId"/>), or looked up once per repository at
/// <c>GET /repos/{owner}/{name}/installation</c>.
/// </summary>
public sealed partial class GitHubAppTokens : IGitHubTokens, IDisposable
{
    private readonly Func<HttpClient> _http;
    private readonly GitHubClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<RSA> _key;
    private readonly ConcurrentDictionary<long, GitHubToken> _tokens = new();
    private readonly ConcurrentDictionary<string, long> _installations = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _exchange = new(1, 1);

    public GitHubAppTokens(Func<HttpClient> http, GitHubClientOptions options, TimeProvider time, ILogger<GitHubAppTokens> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AppId is null || string.IsNullOrEmpty(options.PrivateKeyPath))
        {
            throw new ArgumentException("A GitHub App needs AppId and PrivateKeyPath.", nameof(options));
        }

        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        _key = new Lazy<RSA>(() => GitHubAppJwt.LoadKey(options.PrivateKeyPath), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async ValueTask<ProviderResult<GitHubToken>> ForRepositoryAsync(GitHubRepository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var installation = repository.InstallationId;
        if (installation is null)
        {
            var found = await InstallationOfAsync(repository, cancellationToken);
            if (!found.Succeeded)
            {
                return found.As<GitHubToken>();
            }

            installation = found.Value;
        }

        return await ForInstallationAsync(installation.Value, cancellationToken);
    }

    /// <summary>The installation's token: the cached one while it has long enough left, else a new one.</summary>
    public async ValueTask<ProviderResult<GitHubToken>> ForInstallationAsync(long installationId, CancellationToken cancellationToken)
    {
        if (Fresh(installationId) is { } cached)
        {
            return cached;
        }

        await _exchange.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(installationId) is { } raced)
            {
                return raced;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, $"app/installations/{installationId.ToString(CultureInfo.InvariantCulture)}/access_tokens");
            var result = await SendAsAppAsync<AccessTokenAnswer>(request, cancellationToken);
            if (!result.Succeeded)
            {
                return result.As<GitHubToken>();
            }

            var token = new GitHubToken(result.Value.Token, result.Value.ExpiresAt);
            _tokens[installationId] = token;
            Log.TokenIssued(_logger, installationId, result.Value.ExpiresAt);
            return token;
        }
        finally
        {
            _exchange.Release();
        }
    }

    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value.Dispose();
        }

        _exchange.Dispose();
    }

    private GitHubToken? Fresh(long installationId) =>
        _tokens.TryGetValue(installationId, out var token) && token.ExpiresAt is { } expires && _time.GetUtcNow() < expires - _options.TokenRefreshBefore
            ? token
            : null;

    private async ValueTask<ProviderResult<long>> InstallationOfAsync(GitHubRepository repository, CancellationToken cancellationToken)
    {
        if (_installations.TryGetValue(repository.FullName, out var known))
        {
            return known;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{repository.ApiPath}/installation");
        var result = await SendAsAppAsync<InstallationAnswer>(request, cancellationToken);
        if (!result.Succeeded)
        {
            return result.As<long>();
        }

        _installations[repository.FullName] = result.Value.Id;
        return result.Value.Id;
    }

    private Task<ProviderResult<T>> SendAsAppAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class =>
        SendAsync<T>(request, token: null, onHeaders: null, cancellationToken);

    /// <summary>Sends <paramref name="request"/> as the App (a fresh JWT) or, given one, with an installation's token.</summary>
    private async Task<ProviderResult<T>> SendAsync<T>(HttpRequestMessage request, string? token, Action<HttpResponseHeaders>? onHeaders, CancellationToken cancellationToken)
        where T : class
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? GitHubAppJwt.Create(_options.AppId!.Value, _key.Value, _time.GetUtcNow()));
        var sent = await ProviderCalls.SendAsync(_http(), request, GitHubClient.Provider, cancellationToken);
        if (!sent.Succeeded)
        {
            return sent.As<T>();
        }

        using var response = sent.Value;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return ProviderCalls.Failure(GitHubClient.Provider, request, response, GitHubErrors.Message(body), _options.Retry);
        }

        onHeaders?.Invoke(response.Headers);
        return await ProviderCalls.ReadJsonAsync<T>(response, IntegrationJson.SnakeCase, GitHubClient.Provider, cancellationToken);
    }

    private sealed record AccessTokenAnswer(string Token, [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

    private sealed record InstallationAnswer(long Id);

    private static partial class Log
    {
        [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "GitHub App installation {InstallationId} issued a token that expires at {ExpiresAt}")]
        public static partial void TokenIssued(ILogger logger, long installationId, DateTimeOffset expiresAt);
    }
}
