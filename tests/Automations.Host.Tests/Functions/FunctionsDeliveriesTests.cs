using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Functions;

/// <summary>Deliveries on the Functions path are recorded as in <c>serve</c>: a wrong signature is refused and listed, with its reason and no secret.</summary>
public sealed class FunctionsDeliveriesTests : FunctionsHandlerTests
{
    [Fact]
    public async Task GitHub_WrongSignature_Is401InRes_AndListedAsRefused()
    {
        Setup.AutofixDefinition();
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(Setup.Agent("agent", "true")));
        var body = EngineSetup.Payload("issues-labeled.json");
        var signature = EngineSetup.Sign(body, "a-guessed-secret");

        var forged = await Handler.InvokeAsync("github", Invocations.Http(
            "http-current.json",
            "POST",
            "https://automations-app.example.net/webhooks/github",
            [new("Content-Type", "application/json"), new("X-GitHub-Event", "issues"), new("X-GitHub-Delivery", "fn-forged"), new("X-Hub-Signature-256", signature)],
            body));
        var refused = await Handler.ApiAsync("GET", "/deliveries?outcome=refused");

        Assert.True(forged.Status == 200 && forged.ResStatus == 401, forged.ToString());
        Assert.Empty(forged.Jobs);
        var listed = Assert.Single(refused.Body.EnumerateArray());
        Assert.Equal("the signature does not match the body", listed.GetProperty("error").GetString());
        Assert.Equal("github", listed.GetProperty("source").GetString());
        Assert.DoesNotContain(signature["sha256=".Length..], refused.Body.ToString(), StringComparison.Ordinal);
    }
}
