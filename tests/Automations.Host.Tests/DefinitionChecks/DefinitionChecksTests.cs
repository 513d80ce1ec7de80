using System.Text;
using System.Text.Json.Nodes;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;
using Automations.Testing.Fakes;

namespace Automations.Host.Tests.DefinitionChecks;

/// <summary>
/// A pull request that changes <c>.automations/</c> gets one check run from the real engine, against a fake
/// GitHub in its documented shape: validate's problems annotated at their line and column, and each changed
/// automation's dry run over the deliveries the engine stored. One per head commit, whatever redelivers,
/// even across kill -9; none for a pull request that changes no automation.
/// </summary>
public sealed class DefinitionChecksTests : IAsyncLifetime
{
    private const string Token = "ghp_checksSecretToken0000000000000000000";

    private const string Fix = """
        name: fix
        on:
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
        repository: acme/web
        agent: { use: demo, max_cost_usd: 2 }
        budget: { daily_usd: 5 }
        instructions: Fix it.
        """;

    private const string Nightly = """
        name: nightly
        on:
          - schedule: { cron: "0 3 * * *", timezone: UTC }
        repository: acme/web
        agent: { use: demo }
        instructions: Tidy up.
        """;

    private const string Broken = """
        name: broken
        on:
          - github: { event: issues.labeled }
        repository: acme/web
        agent: { use: nosuch }
        instructions: x
        """;

    private readonly EngineSetup _setup = new();
    private FakeGitHub _github = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync();
        _github.AddToken(Token);
        _github.UseRepositories(_setup.GitRoot);
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _setup.Dispose();
    }

    [Fact]
    public async Task PullRequestChangingDefinitions_GetsOneCheckRun_WithTheBrokenLineAnnotated_AndTheDryRunOverStoredDeliveries()
    {
        await using var engine = await _setup.StartAsync(Settings());
        await SeedDeliveriesAsync(engine);
        var pr = OpenPullRequest("change-automations", new Dictionary<string, string>
        {
            [".automations/fix.yaml"] = Fix, [".automations/nightly.yaml"] = Nightly, [".automations/broken.yaml"] = Broken, ["README.md"] = "# web, changed\n",
        });

        await PostAsync(engine, "pr-opened", _github.PullRequestEvent("opened", pr));
        var run = await SingleCheckRunAsync(engine);

        Assert.Equal(("automations", _github.BranchSha("acme/web", pr.Head), "completed", "failure"), (run.Name, run.HeadSha, run.Status, run.Conclusion));
        Assert.Equal($"acme/web@{run.HeadSha}", run.ExternalId);
        var annotation = Assert.Single(run.Annotations);
        Assert.Equal(
            (".automations/broken.yaml", 5, 5, 15, 15, "failure"),
            ((string)annotation["path"]!, (int)annotation["start_line"]!, (int)annotation["end_line"]!, (int)annotation["start_column"]!, (int)annotation["end_column"]!, (string)annotation["annotation_level"]!));
        Assert.Equal("agent 'nosuch' is not configured; configured: demo", (string)annotation["message"]!);
        Assert.Equal("1 problem in 1 definition file", run.Title);

        // Four deliveries stored before the check: two labeled autofix, one labeled bug, and the pull request itself.
        Assert.Contains("| `fix` | 2 of 4 deliveries | 48 | $5.00 (`budget.daily_usd`) |", run.Summary, StringComparison.Ordinal);
        Assert.Contains("| `nightly` | 0 of 4 deliveries | 1 (1 scheduled slot) | no cap", run.Summary, StringComparison.Ordinal);
        Assert.Contains("https://automations.example/automations", run.Summary, StringComparison.Ordinal);
        Assert.Equal("https://automations.example/automations", run.DetailsUrl);
        Assert.Contains("- 1 × payload.label.name is not 'autofix'", run.Text, StringComparison.Ordinal);
        Assert.Contains("- 1 × no trigger for github.pull_request.opened", run.Text, StringComparison.Ordinal);
        // The miss names what was wanted, never what a delivery had.
        Assert.DoesNotContain("'bug'", run.Summary + run.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, engine.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redelivered_AndSynchronizedToTheSameHead_MakeNoSecondCheckRun_AndAPullRequestWithoutDefinitionsOrOutsideTheConnectedRepositoriesGetsNone()
    {
        await using var engine = await _setup.StartAsync(Settings());
        var pr = OpenPullRequest("change-fix", new Dictionary<string, string> { [".automations/fix.yaml"] = Fix });
        await PostAsync(engine, "pr-1", _github.PullRequestEvent("opened", pr));
        var run = await SingleCheckRunAsync(engine);

        await PostAsync(engine, "pr-1", _github.PullRequestEvent("opened", pr));
        await PostAsync(engine, "pr-1-reopened", _github.PullRequestEvent("reopened", pr));
        var docs = OpenPullRequest("docs-only", new Dictionary<string, string> { ["docs/guide.md"] = "# guide\n" });
        await PostAsync(engine, "pr-2", _github.PullRequestEvent("opened", docs));

        // A repository that is not connected gets none: its definitions never run, so a check would mislead.
        var elsewhere = _github.AddPullRequest("acme/api", "change-api");
        await PostAsync(engine, "pr-api", _github.PullRequestEvent("opened", elsewhere));

        // Checks run in the order they were recorded: once the docs-only one is done, the redelivery was looked at.
        await Waiting.UntilAsync(() => engine.Output.Contains($"acme/web#{docs.Number} changes no automation", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the docs-only check");
        Assert.Equal(run.Id, Assert.Single(_github.CheckRunsMade("acme/web")).Id);
        Assert.Single(_github.RequestsTo("POST", "/repos/acme/web/check-runs"));
        Assert.Equal("success", run.Conclusion);
        Assert.DoesNotContain($"acme/api#{elsewhere.Number}", engine.Output, StringComparison.Ordinal);
        Assert.Empty(_github.CheckRunsMade("acme/api"));
    }

    [Fact]
    public async Task KillNine_AfterGitHubMadeTheCheckRun_BeforeTheEngineHeard_TheRetryFindsIt_AndMakesNoSecond()
    {
        var settings = Settings(("Automations:Checks:Lease", "00:00:03"));
        var pr = OpenPullRequest("change-fix", new Dictionary<string, string> { [".automations/fix.yaml"] = Fix });
        var (held, release) = _github.HoldNext(r => r.Method == "POST" && r.Path == "/repos/acme/web/check-runs", afterHandling: true);
        var engine = await _setup.StartAsync(settings);
        await PostAsync(engine, "pr-kill", _github.PullRequestEvent("opened", pr));
        await held.WaitAsync(TimeSpan.FromSeconds(60));
        await engine.KillAsync();
        release();
        await engine.DisposeAsync();
        Assert.Single(_github.CheckRunsMade("acme/web"));

        await using var restarted = await _setup.StartAsync(settings);
        var head = _github.BranchSha("acme/web", pr.Head);
        var finished = $"acme/web#{pr.Number} at {head}: success, check run {_github.CheckRunsMade("acme/web")[0].Id}";
        await Waiting.UntilAsync(() => restarted.Output.Contains(finished, StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the retried check");

        Assert.Single(_github.CheckRunsMade("acme/web"));
        Assert.Single(_github.RequestsTo("POST", "/repos/acme/web/check-runs"));
        Assert.Contains(_github.Requests, r => r.Method == "GET" && r.Path == $"/repos/acme/web/commits/{head}/check-runs");
    }

    [Fact]
    public async Task SixtyProblems_GoFiftyWithTheCheckRun_AndTheRestInAnUpdate()
    {
        await using var engine = await _setup.StartAsync(Settings());
        var many = string.Join('\n', [Fix, .. Enumerable.Range(1, 60).Select(i => $"unknown_{i}: 1")]);
        var pr = OpenPullRequest("many-problems", new Dictionary<string, string> { [".automations/many.yaml"] = many });

        await PostAsync(engine, "pr-many", _github.PullRequestEvent("opened", pr));
        await Waiting.UntilAsync(() => _github.CheckRunsMade("acme/web") is [{ Annotations.Count: 60 }], TimeSpan.FromSeconds(60), $"60 annotations; the engine said:\n{engine.Output}");

        var run = Assert.Single(_github.CheckRunsMade("acme/web"));
        Assert.Equal(Enumerable.Range(8, 60), run.Annotations.Select(a => (int)a["start_line"]!));
        Assert.Single(_github.RequestsTo("POST", "/repos/acme/web/check-runs"));
        Assert.Single(_github.RequestsTo("PATCH", $"/repos/acme/web/check-runs/{run.Id}"));
        Assert.Equal(("failure", "60 problems in 1 definition file"), (run.Conclusion, run.Title));
    }

    private Dictionary<string, string> Settings(params (string Key, string Value)[] extra) => _setup.Settings(
        _setup.Agent("agent", "echo done"),
        [
            ("Automations:PublicUrl", "https://automations.example/"),
            ("Automations:GitHub:ApiUrl", _github.Url.ToString()),
            ("Automations:GitHub:Token", Token),
            ("Automations:Checks:PollInterval", "00:00:00.200"),
            ("Automations:Repositories:0:Repository", "acme/web"),
            .. extra,
        ]);

    private FakePullRequest OpenPullRequest(string branch, IReadOnlyDictionary<string, string> files)
    {
        var pr = _github.AddPullRequest("acme/web", branch);
        PullRequestBranch.Push(_setup.Remote, branch, pr.Number, files);
        return pr;
    }

    /// <summary>Three issues labeled: two <c>autofix</c>, one <c>bug</c>. No automation is loaded, so each is stored unmatched.</summary>
    private static async Task SeedDeliveriesAsync(EngineProcess engine)
    {
        foreach (var (id, label) in new[] { ("seed-1", "autofix"), ("seed-2", "bug"), ("seed-3", "autofix") })
        {
            var payload = JsonNode.Parse(EngineSetup.Payload("issues-labeled.json"))!.AsObject();
            payload["label"]!["name"] = label;
            await PostAsync(engine, id, payload, "issues");
        }
    }

    private static async Task PostAsync(EngineProcess engine, string deliveryId, JsonObject payload, string eventName = "pull_request")
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var response = await engine.PostGitHubAsync(eventName, deliveryId, body, EngineSetup.Sign(body));
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<FakeWrittenCheckRun> SingleCheckRunAsync(EngineProcess engine)
    {
        await Waiting.UntilAsync(() => _github.CheckRunsMade("acme/web").Count > 0, TimeSpan.FromSeconds(60), $"a check run; the engine said:\n{engine.Output}");
        return Assert.Single(_github.CheckRunsMade("acme/web"));
    }
}
