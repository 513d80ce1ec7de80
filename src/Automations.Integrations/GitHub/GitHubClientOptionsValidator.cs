using System.Security.Cryptography;
using Automations.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.GitHub;

/// <summary>Checks <c>Automations:GitHub</c> at start, the private key included, so a bad setting fails the start and not the first pull request.</summary>
public sealed class GitHubClientOptionsValidator : IValidateOptions<GitHubClientOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!ApiUrls.IsHttp(options.ApiUrl))
        {
            problems.Add($"{GitHubClientOptions.Section}:ApiUrl must be an absolute http or https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.GitUrl))
        {
            problems.Add($"{GitHubClientOptions.Section}:GitUrl must be set.");
        }

        if (options.AppId is not null && !string.IsNullOrEmpty(options.Token))
        {
            problems.Add($"{GitHubClientOptions.Section}: set either Token or AppId and PrivateKeyPath, not both.");
        }

        if (options.AppId is { } appId && appId <= 0)
        {
            problems.Add($"{GitHubClientOptions.Section}:AppId must be a positive number.");
        }

        if (options.AppId is not null != !string.IsNullOrEmpty(options.PrivateKeyPath))
        {
            problems.Add($"{GitHubClientOptions.Section}:AppId and PrivateKeyPath go together.");
        }
        else if (!string.IsNullOrEmpty(options.PrivateKeyPath) && KeyProblem(options.PrivateKeyPath) is { } problem)
        {
            problems.Add($"{GitHubClientOptions.Section}:PrivateKeyPath {problem}");
        }

        if (options.TokenRefreshBefore < TimeSpan.Zero || options.TokenRefreshBefore > TimeSpan.FromMinutes(30))
        {
            problems.Add($"{GitHubClientOptions.Section}:TokenRefreshBefore must be between 0 and 30 minutes.");
        }

        problems.AddRange(options.Retry.Problems(GitHubClientOptions.Section));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string? KeyProblem(string path)
    {
        if (!File.Exists(path))
        {
            return $"names no file: {path}";
        }

        try
        {
            using var key = GitHubAppJwt.LoadKey(path);
            return null;
        }
        catch (CryptographicException)
        {
            // The key's text never goes into the message.
            return $"is not a PEM RSA private key: {path}";
        }
        catch (ArgumentException)
        {
            return $"is not a PEM RSA private key: {path}";
        }
    }
}
