using System.Text;
using Automations.Host.Tests.DefinitionChecks;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing.Fakes;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// In Functions mode the <c>github</c> function only records the check a pull request calls for; the
/// <c>scheduler</c> timer runs it, and a second timer makes no second check run.
/// </summary>
public sealed class FunctionsDefinitionCheckTests : FunctionsHandlerTests
{
    private const string Token = "ghp_functionsChecksToken000000000000000";

    [Fact]
    public async Task PullRequestChangingADefinition_IsCheckedByTheTimer_Once()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.AddToken(Token);
        github.UseRepositories(Setup.GitRoot);
        var pr = github.AddPullRequest("acme/web", "change-fix");
        PullRequestBranch.Push(Setup.Remote, pr.Head, pr.Number, new Dictionary<string, string>
        {
            [".automations/fix.yaml"] = "name: fix\non:\n  - github: { event: issues.labeled }\nrepository: acme/web\nagent: { use: demo }\ninstructions: x\n",
        });
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(
            Setup.Agent("agent", "true"), ("Automations:GitHub:ApiUrl", github.Url.ToString()), ("Automations:GitHub:Token", Token), ("Automations:Repositories:0:Repository", "acme/web")));
        var body = Encoding.UTF8.GetBytes(github.PullRequestEvent("opened", pr).ToJsonString());

        var delivered = await Handler.InvokeAsync("github", Invocations.Http(
            "http-current.json",
            "POST",
            "https://automations-app.example.net/webhooks/github",
            [new("Content-Type", "application/json"), new("X-GitHub-Event", "pull_request"), new("X-GitHub-Delivery", "fn-pr"), new("X-Hub-Signature-256", EngineSetup.Sign(body))],
            body));
        var madeByTheWebhook = github.CheckRunsMade("acme/web").Count;
        var first = await Handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer.json"));
        var second = await Handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer.json"));

        Assert.True(delivered.Status == 200 && delivered.ResStatus is 200 or 202, delivered.ToString());
        Assert.Equal(0, madeByTheWebhook);
        Assert.True(first.Status == 200 && second.Status == 200, first + "\n" + second);
        var run = Assert.Single(github.CheckRunsMade("acme/web"));
        Assert.Equal(("automations", "success", github.BranchSha("acme/web", pr.Head)), (run.Name, run.Conclusion, run.HeadSha));
        Assert.Single(github.RequestsTo("POST", "/repos/acme/web/check-runs"));
    }
}
