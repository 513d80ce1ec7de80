using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Functions;

/// <summary>The delivery's size cap on the Functions path, where the body comes inside the host's invocation: at the limit it is taken, one byte over it is a 413 in <c>res</c>.</summary>
public sealed class FunctionsBodyLimitTests : FunctionsHandlerTests
{
    private const int Limit = 65536;

    [Theory]
    [InlineData(Limit, 202)]
    [InlineData(Limit + 1, 413)]
    public async Task GitHub_BodyAtOrOverTheLimit_IsTakenOr413InRes(int length, int expected)
    {
        Setup.AutofixDefinition();
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(Setup.Agent("agent", "true"), ("Automations:Ingest:MaxBodyBytes", "65536")));
        var body = EngineSetup.Padded("issues-labeled.json", length);
        var invocation = Invocations.Http(
            "http-current.json",
            "POST",
            "https://automations-app.example.net/webhooks/github",
            [new("Content-Type", "application/json"), new("X-GitHub-Event", "issues"), new("X-GitHub-Delivery", $"limit-{length}"), new("X-Hub-Signature-256", EngineSetup.Sign(body))],
            body);

        var answer = await Handler.InvokeAsync("github", invocation);
        var deliveries = await Handler.InvokeAsync("api", Invocations.Api("GET", "/deliveries"));

        Assert.True(answer.Status == 200 && answer.ResStatus == expected, answer.ToString());
        Assert.Equal(expected == 202 ? 1 : 0, answer.Jobs.Count);
        Assert.Equal(expected == 202 ? 1 : 0, deliveries.ResBody.GetArrayLength());
    }
}
