using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Automations.Testing;
using Automations.Testing.Fakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// <c>Automations:RepositoryDefinitions:FromApp</c>: every repository the GitHub App is installed on is connected,
/// less the excluded ones, as the fake GitHub lists them (<c>GET /app/installations</c>, then
/// <c>GET /installation/repositories</c> with each installation's token, paged). GitHub's
/// <c>installation_repositories</c> delivery makes the engine look again.
/// </summary>
public sealed class RepositoriesFromAppTests : IAsyncLifetime
{
    private const long AppId = 4242;

    private readonly EngineSetup _setup = new();
    private readonly RSA _key = RSA.Create(2048);
    private FakeGitHub _github = null!;
    private EngineProcess? _engine;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync();
        _github.MaxPageSize = 1;
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        await _github.DisposeAsync();
        _key.Dispose();
        _setup.Dispose();
    }

    private static string Definition(string instructions) => $$"""
        on:
          - github: { event: issues.labeled }
        agent: { use: demo }
        instructions: {{instructions}}
        """;

    [Fact]
    public async Task EveryInstalledRepositoryButTheExcluded_IsConnected_AndAnInstallationChangeIsFollowed()
    {
        GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { [".automations/fix.yaml"] = Definition("Fix the web app.") });
        Bare("api", "deploy");
        Bare("secret", "leak");
        Bare("docs", "tidy");
        _github.RegisterApp(AppId, RSA.Create(_key.ExportParameters(false)), new Dictionary<string, long> { ["acme/web"] = 70, ["acme/api"] = 71, ["acme/secret"] = 71 });
        _engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo done"), [
            ("Automations:GitHub:ApiUrl", _github.Url.ToString()),
            ("Automations:GitHub:AppId", AppId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Automations:GitHub:PrivateKeyPath", KeyFile()),
            ("Automations:RepositoryDefinitions:FromApp", "true"),
            ("Automations:RepositoryDefinitions:Exclude:0", "acme/secret"),
            ("Automations:RepositoryDefinitions:PollInterval", "00:00:00.2")]));

        await InForceAsync(["acme/api/deploy", "acme/web/fix"], "the installed repositories to load");
        // Pages of one: two installations, three repositories, each followed by its Link header.
        Assert.Equal(2, _github.RequestsTo("GET", "/app/installations").Count);
        Assert.Equal(3, _github.RequestsTo("GET", "/installation/repositories").Count);
        var status = (await _engine.GetJsonAsync("/api/automations")).GetProperty("repositories").EnumerateArray().Select(r => r.GetProperty("repository").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["acme/api", "acme/web"], status);

        // Installed on one more, taken off another: GitHub's delivery says so, and the engine looks again.
        _github.RegisterApp(AppId, RSA.Create(_key.ExportParameters(false)), new Dictionary<string, long> { ["acme/docs"] = 70 });
        _github.Uninstall("acme/api");
        await InstallationChangedAsync("added", "acme/docs");
        await InForceAsync(["acme/docs/tidy", "acme/web/fix"], "the installation change to be followed");

        // A repository found through the App acts on itself alone: its GitHub trigger ignores the others' events.
        var labeled = await RepositoryPushes.LabeledAsync(_engine, "docs-1", "acme/docs");
        Assert.Equal(["acme/docs/tidy"], labeled.GetProperty("matched").EnumerateArray().Select(m => m.GetString()!));
        Assert.DoesNotContain("ghs_", _engine.Output, StringComparison.Ordinal);
    }

    private void Bare(string name, string automation) =>
        GitRepository.CreateBare(Path.Combine(_setup.GitRoot, "acme", $"{name}.git"), new Dictionary<string, string>
        {
            ["README.md"] = $"# {name}\n", [$".automations/{automation}.yaml"] = Definition($"Work on {name}."),
        });

    private string KeyFile()
    {
        var path = Path.Combine(_setup.GitRoot, "..", "app.pem");
        File.WriteAllText(path, _key.ExportRSAPrivateKeyPem());
        return Path.GetFullPath(path);
    }

    private async Task InForceAsync(string[] names, string what) =>
        await Waiting.UntilAsync(
            async () => (await RepositoryPushes.InForceAsync(_engine!)).Keys.Order(StringComparer.Ordinal).SequenceEqual(names),
            TimeSpan.FromSeconds(30),
            what);

    /// <summary>An <c>installation_repositories</c> delivery, in GitHub's shape: it names the installation, not a repository.</summary>
    private async Task InstallationChangedAsync(string action, string repository)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            action,
            installation = new { id = 70, account = new { login = "acme", type = "Organization" }, app_id = AppId, target_type = "Organization", repository_selection = "selected" },
            repository_selection = "selected",
            repositories_added = new[] { new { id = 9001, node_id = "R_9001", name = repository.Split('/')[1], full_name = repository, @private = false } },
            repositories_removed = Array.Empty<object>(),
            requester = (object?)null,
            sender = new { login = "octocat", type = "User" },
        });
        using var response = await _engine!.PostGitHubAsync("installation_repositories", $"installation-{action}-{repository}", body, EngineSetup.Sign(body));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }
}
