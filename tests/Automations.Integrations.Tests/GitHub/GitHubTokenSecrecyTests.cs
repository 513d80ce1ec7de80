using System.Security.Cryptography;
using Automations.Integrations.GitHub;
using Automations.Testing;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.GitHub;

/// <summary>Tokens reach GitHub's Authorization header and nothing else: no log line at any level, no error, no text of a value.</summary>
public sealed class GitHubTokenSecrecyTests
{
    [Fact]
    public async Task Calls_RetriesFailuresAndAppTokens_NeverLogOrReturnATokenOrTheKey()
    {
        const string plainToken = "ghp_secretPlainToken_9f8e7d6c5b4a";
        using var directory = new TempDirectory("secrecy");
        using var key = RSA.Create(2048);
        var keyPath = directory.Combine("app.pem");
        var keyText = key.ExportRSAPrivateKeyPem();
        await File.WriteAllTextAsync(keyPath, keyText);
        var time = new ManualTimeProvider();
        await using var github = await FakeGitHub.StartAsync(time);
        github.AddToken(plainToken);
        github.PushBranch("acme/web", "b");
        github.RegisterApp(7, RSA.Create(key.ExportParameters(false)), new Dictionary<string, long> { ["acme/web"] = 70 });
        var logs = new CapturedLogs();
        var errors = new List<string>();
        var values = new List<string>();

        await using (var plain = Integrations.Build(new Dictionary<string, string?> { ["Automations:GitHub:ApiUrl"] = github.Url.ToString(), ["Automations:GitHub:Token"] = plainToken }, time, logs))
        {
            var client = plain.GetRequiredService<GitHubClient>();
            var repository = new GitHubRepository("acme", "web");
            github.FailNext(1, FakeFailure.TooManyRequests(5));
            github.FailNext(2, FakeFailure.ServerError());
            var created = await Integrations.DriveAsync(time, () => client.CreatePullRequestAsync(repository, new NewPullRequest("t", "b", "main"), CancellationToken.None));
            values.Add(created.Result.ToString());
            github.FailNext(5, FakeFailure.ServerError());
            var failed = await Integrations.DriveAsync(time, () => client.GetPullRequestAsync(repository, 1, CancellationToken.None));
            errors.Add(failed.Result.Error!.ToString());
            values.Add((await plain.GetRequiredService<IGitHubTokens>().ForRepositoryAsync(repository, CancellationToken.None)).ToString());
        }

        await using (var app = Integrations.Build(
            new Dictionary<string, string?> { ["Automations:GitHub:ApiUrl"] = github.Url.ToString(), ["Automations:GitHub:AppId"] = "7", ["Automations:GitHub:PrivateKeyPath"] = keyPath },
            time,
            logs))
        {
            var client = app.GetRequiredService<GitHubClient>();
            github.FailNext(1, FakeFailure.GitHubSecondaryRateLimit(10));
            var commented = await Integrations.DriveAsync(time, () => client.CreateIssueCommentAsync(new GitHubRepository("acme", "web"), 1, "x", CancellationToken.None));
            values.Add(commented.Result.ToString());
            errors.Add((await client.GetPullRequestAsync(new GitHubRepository("acme", "nowhere"), 1, CancellationToken.None)).Error!.ToString());
        }

        var installationToken = Assert.Single(github.IssuedTokens).Token;
        Assert.NotEmpty(logs.Lines);
        foreach (var secret in new[] { plainToken, installationToken, keyText.Split('\n')[1] })
        {
            Assert.False(logs.Contains(secret), "a log line holds a secret");
            Assert.DoesNotContain(errors.Concat(values), text => text.Contains(secret, StringComparison.Ordinal));
        }

        // The JWT went only to GitHub's app endpoints, in the Authorization header.
        Assert.All(github.Requests.Where(r => r.Header("Authorization") is { } h && h.Split('.').Length == 3), r =>
            Assert.True(r.Path.StartsWith("/app/", StringComparison.Ordinal) || r.Path.EndsWith("/installation", StringComparison.Ordinal), r.Path));
    }

    [Fact]
    public void ToString_Token_ShowsNoSecret()
    {
        Assert.Equal("GitHubToken(***)", new GitHubToken("ghs_secret", null).ToString());
        Assert.Equal("GitCredential(x-access-token, ***)", new Automations.Core.Ports.GitCredential("x-access-token", "ghs_secret").ToString());
    }
}
