using Automations.Integrations.GitHub;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.GitHub;

/// <summary>A fake GitHub that takes one plain token, and the client configured for it: what the GitHub client tests start from.</summary>
public abstract class GitHubClientFixture : IAsyncLifetime
{
    protected const string Token = "ghp_plainTokenForTests0123456789";

    protected static readonly GitHubRepository Repo = new("acme", "web");

    private ServiceProvider _services = null!;

    protected FakeGitHub GitHub { get; set; } = null!;

    protected GitHubClient Client => _services.GetRequiredService<GitHubClient>();

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHub.StartAsync();
        GitHub.AddToken(Token);
        _services = Integrations.Build(new Dictionary<string, string?> { ["Automations:GitHub:ApiUrl"] = GitHub.Url.ToString(), ["Automations:GitHub:Token"] = Token });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
