using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Functions;

/// <summary>The delivery's size cap on the Functions path, where the body comes inside the host's invocation: at the limit it is taken, one byte over it is a 413 in <c>res</c>.</summary>
public sealed class FunctionsBodyLimitTests : FunctionsHandlerTests
{
    private const int Limit = 65536;

    [Fact]
    public async Task GitHub_BodyAtTheLimit_IsTaken_OneByteOver_Is413InRes()
    {
        Setup.AutofixDefinition();
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(Setup.Agent("agent", "true"), ("Automations:Ingest:MaxBodyBytes", "65536")));

        var atLimit = await Handler.InvokeAsync("github", Delivery("at-limit", EngineSetup.Padded("issues-labeled.json", Limit)));
        var over = await Handler.InvokeAsync("github", Delivery("over-limit", EngineSetup.Padded("issues-labeled.json", Limit + 1)));
        var deliveries = await Handler.ApiAsync("GET", "/deliveries");

        Assert.True(atLimit.Status == 200 && atLimit.ResStatus == 202, atLimit.ToString());
        Assert.Single(atLimit.Jobs);
        Assert.True(over.Status == 200 && over.ResStatus == 413, over.ToString());
        Assert.Empty(over.Jobs);
        Assert.Equal(
            ["accepted at-limit", $"refused the body is over {Limit} bytes"],
            deliveries.Body.EnumerateArray().Select(d => $"{d.GetProperty("outcome").GetString()} {(d.GetProperty("outcome").GetString() == "refused" ? d.GetProperty("error").GetString() : d.GetProperty("deliveryId").GetString())}").Order(StringComparer.Ordinal));
    }

    private static System.Text.Json.Nodes.JsonObject Delivery(string deliveryId, byte[] body) => Invocations.Http(
        "http-current.json",
        "POST",
        "https://automations-app.example.net/webhooks/github",
        [new("Content-Type", "application/json"), new("X-GitHub-Event", "issues"), new("X-GitHub-Delivery", deliveryId), new("X-Hub-Signature-256", EngineSetup.Sign(body))],
        body);
}
