using System.Security.Cryptography;
using System.Text.Json;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;
using Automations.Testing;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.GitHub;

public sealed class GitHubAppTokensTests : IAsyncLifetime
{
    private const long AppId = 4242;
    private readonly ManualTimeProvider _time = new();
    private readonly TempDirectory _directory = new("github-app");
    private readonly RSA _key = RSA.Create(2048);
    private FakeGitHub _github = null!;
    private ServiceProvider _services = null!;

    private GitHubClient Client => _services.GetRequiredService<GitHubClient>();

    public async Task InitializeAsync()
    {
        var keyPath = _directory.Combine("app.pem");
        await File.WriteAllTextAsync(keyPath, _key.ExportRSAPrivateKeyPem());
        using var publicKey = RSA.Create();
        publicKey.ImportRSAPublicKey(_key.ExportRSAPublicKey(), out _);
        _github = await FakeGitHub.StartAsync(_time);
        _github.RegisterApp(AppId, RSA.Create(publicKey.ExportParameters(false)), new Dictionary<string, long> { ["acme/web"] = 77 });
        _services = Integrations.Build(
            new Dictionary<string, string?>
            {
                ["Automations:GitHub:ApiUrl"] = _github.Url.ToString(),
                ["Automations:GitHub:AppId"] = "4242",
                ["Automations:GitHub:PrivateKeyPath"] = keyPath,
            },
            _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _github.DisposeAsync();
        _key.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Create_AppJwt_VerifiesWithThePublicKeyAndIsBackdatedAndShortLived()
    {
        var now = _time.GetUtcNow();

        var jwt = GitHubAppJwt.Create(AppId, _key, now);

        Assert.Null(FakeGitHubAuth.CheckJwt(jwt, _key, AppId, now));
        using var payload = JsonDocument.Parse(FakeGitHubAuth.Decode(jwt.Split('.')[1]));
        Assert.Equal(now.AddSeconds(-60).ToUnixTimeSeconds(), payload.RootElement.GetProperty("iat").GetInt64());
        Assert.InRange(payload.RootElement.GetProperty("exp").GetInt64() - now.ToUnixTimeSeconds(), 60, 600);
        Assert.Equal("4242", payload.RootElement.GetProperty("iss").GetString());
    }

    [Fact]
    public async Task InstalledRepositories_FollowEveryPage_OfEveryLiveInstallation_AndLeaveASuspendedOneOut()
    {
        _github.RegisterApp(AppId, RSA.Create(_key.ExportParameters(false)), new Dictionary<string, long> { ["acme/api"] = 77, ["acme/docs"] = 77, ["other/lab"] = 78, ["gone/old"] = 79 });
        _github.Suspend(79);
        _github.MaxPageSize = 2;
        var tokens = (GitHubAppTokens)_services.GetRequiredService<IGitHubTokens>();

        var listed = await tokens.InstalledRepositoriesAsync(CancellationToken.None);

        Assert.True(listed.Succeeded, listed.ToString());
        Assert.Equal(["acme/api", "acme/docs", "acme/web", "other/lab"], listed.Value);
        Assert.Equal(2, _github.RequestsTo("GET", "/app/installations").Count);
        // 77 holds three repositories (two pages), 78 one; the suspended 79 is not asked.
        Assert.Equal(3, _github.RequestsTo("GET", "/installation/repositories").Count);
        Assert.DoesNotContain(_github.IssuedTokens, t => t.Installation == 79);
    }

    [Fact]
    public async Task InstalledRepositories_WithAJwtGitHubRefuses_IsAnErrorNotAnEmptyList()
    {
        _github.RegisterApp(AppId + 1, RSA.Create(_key.ExportParameters(false)), new Dictionary<string, long>());
        var tokens = (GitHubAppTokens)_services.GetRequiredService<IGitHubTokens>();

        var listed = await tokens.InstalledRepositoriesAsync(CancellationToken.None);

        Assert.False(listed.Succeeded);
        Assert.Contains("A JSON web token could not be decoded", listed.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_InstallationFromTheDelivery_UsesItsTokenAndKeepsIt()
    {
        using var delivery = JsonDocument.Parse("""{"action":"labeled","installation":{"id":77,"node_id":"x"},"repository":{"full_name":"acme/web"}}""");
        var repository = new GitHubRepository("acme", "web") { InstallationId = GitHubInstallation.FromPayload(delivery.RootElement) };
        var issue = _github.AddIssue("acme/web");

        var first = await Client.CreateIssueCommentAsync(repository, issue, "one", CancellationToken.None);
        var second = await Client.CreateIssueCommentAsync(repository, issue, "two", CancellationToken.None);

        Assert.True(first.Succeeded && second.Succeeded, $"{first} {second}");
        var issued = Assert.Single(_github.IssuedTokens);
        Assert.Equal(77, issued.Installation);
        Assert.All(_github.RequestsTo("POST", "/repos/acme/web/issues/1/comments"), r => Assert.Equal($"Bearer {issued.Token}", r.Header("Authorization")));
        Assert.Empty(_github.RequestsTo("GET", "/repos/acme/web/installation"));
    }

    [Fact]
    public async Task AnyCall_TokenNearExpiry_IsReplacedFiveMinutesBefore()
    {
        var repository = new GitHubRepository("acme", "web") { InstallationId = 77 };
        var issue = _github.AddIssue("acme/web");
        await Client.CreateIssueCommentAsync(repository, issue, "first", CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(54));
        await Client.CreateIssueCommentAsync(repository, issue, "still cached", CancellationToken.None);
        Assert.Single(_github.IssuedTokens);

        _time.Advance(TimeSpan.FromMinutes(2));
        var result = await Client.CreateIssueCommentAsync(repository, issue, "refreshed", CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(2, _github.IssuedTokens.Count);
        Assert.Equal($"Bearer {_github.IssuedTokens[1].Token}", _github.Requests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task AnyCall_NoInstallationGiven_LooksItUpOncePerRepository()
    {
        var repository = new GitHubRepository("acme", "web");
        var issue = _github.AddIssue("acme/web");

        await Client.CreateIssueCommentAsync(repository, issue, "one", CancellationToken.None);
        var result = await Client.CreateIssueCommentAsync(repository, issue, "two", CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Single(_github.RequestsTo("GET", "/repos/acme/web/installation"));
        Assert.Equal(77, Assert.Single(_github.IssuedTokens).Installation);
    }

    [Fact]
    public async Task AnyCall_RepositoryWithoutTheApp_FailsNotFound()
    {
        var result = await Client.CreateIssueCommentAsync(new GitHubRepository("acme", "elsewhere"), 1, "x", CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, "Not Found"), (result.Error!.Kind, result.Error.Message));
        Assert.Empty(_github.IssuedTokens);
    }

    [Fact]
    public void FromPayload_NoInstallation_IsNull()
    {
        using var delivery = JsonDocument.Parse("""{"action":"opened","repository":{"full_name":"acme/web"}}""");

        Assert.Null(GitHubInstallation.FromPayload(delivery.RootElement));
    }
}
