using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// Functions mode has no loop: the <c>github</c> function records the commit a push names, and the
/// <c>scheduler</c> timer loads it. Between the two, the version in force stays.
/// </summary>
public sealed class FunctionsRepositoryDefinitionsTests : FunctionsHandlerTests
{
    private const string Fix = ".automations/fix.yaml";

    private static string Definition(string instructions) => $$"""
        on:
          - github: { event: issues.labeled }
        agent: { use: demo }
        instructions: {{instructions}}
        """;

    [Fact]
    public async Task APushRecordedByTheWebhook_IsLoadedByTheTimer()
    {
        var first = GitRepository.Commit(Setup.Remote, new Dictionary<string, string?> { [Fix] = Definition("First version.") });
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(
            Setup.Agent("agent", "true"), ("Automations:Repositories:0:Repository", "acme/web")));
        var started = await TimerAsync();
        Assert.Equal(first, await InForceAsync());

        var second = GitRepository.Commit(Setup.Remote, new Dictionary<string, string?> { [Fix] = Definition("Second version.") });
        var body = RepositoryPushes.PushBody("acme/web", first, second, Fix);
        var pushed = await Handler.InvokeAsync("github", Invocations.Http(
            "http-current.json",
            "POST",
            "https://automations-app.example.net/webhooks/github",
            [new("Content-Type", "application/json"), new("X-GitHub-Event", "push"), new("X-GitHub-Delivery", $"push-{second}"), new("X-Hub-Signature-256", EngineSetup.Sign(body))],
            body));
        Assert.True(pushed.Status == 200 && pushed.ResStatus is 200 or 202, pushed.ToString());
        var beforeTheTimer = await InForceAsync();
        var ticked = await TimerAsync();

        Assert.Equal(first, beforeTheTimer);
        Assert.Equal(second, await InForceAsync());
        Assert.True(started.Status == 200 && ticked.Status == 200, started + "\n" + ticked);
    }

    private Task<InvocationResult> TimerAsync() => Handler!.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture("timer.json"));

    private async Task<string?> InForceAsync()
    {
        var answer = await Handler!.ApiAsync("GET", "/automations");
        Assert.True(answer.Status == 200, answer.ToString());
        return answer.Body.GetProperty("automations").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "acme/web/fix")
            .GetProperty("definition").GetProperty("commit").GetString();
    }
}
