using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// Slack's interactivity requests reach the same endpoint in Functions mode: the <c>slack</c> function's route
/// also takes <c>webhooks/slack/interactions</c>, and its signature is checked as in standalone mode.
/// </summary>
public sealed class FunctionsSlackInteractionsTests : FunctionsHandlerTests
{
    private const string SigningSecret = "functions-slack-signing-secret";

    [Fact]
    public async Task AButtonPress_ReachesTheInteractionsEndpoint_WhichChecksItsSignature()
    {
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(
            Setup.Agent("agent", "true"), ("Automations:Sources:Slack:SigningSecret", SigningSecret)));
        var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"automations_stop","value":"no-such-session"}]}"""));
        var stamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var forged = await PressAsync(body, stamp, "v0=" + new string('0', 64));
        var signed = await PressAsync(body, stamp, "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningSecret), (byte[])[.. Encoding.UTF8.GetBytes($"v0:{stamp}:"), .. body])));
        var events = await Handler.InvokeAsync("slack", Invocations.Http(
            "http-current.json", "POST", "https://automations-app.example.net/webhooks/slack", [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes("{}")));

        Assert.True(forged.Status == 200 && forged.ResStatus == 401, forged.ToString());
        Assert.Equal("Signature verification failed", forged.ResBody.GetProperty("title").GetString());
        Assert.True(signed.Status == 200 && signed.ResStatus is 200 or 400, signed.ToString());
        Assert.NotEqual(404, signed.ResStatus);
        // The events' path is served as before: an unsigned event is refused by the Slack source, not routed elsewhere.
        Assert.True(events.Status == 200 && events.ResStatus == 401, events.ToString());
    }

    private Task<InvocationResult> PressAsync(byte[] body, string stamp, string signature) =>
        Handler!.InvokeAsync("slack", Invocations.Http(
            "http-current.json",
            "POST",
            "https://automations-app.example.net/webhooks/slack/interactions",
            [new("Content-Type", "application/x-www-form-urlencoded"), new("X-Slack-Request-Timestamp", stamp), new("X-Slack-Signature", signature)],
            body,
            new Dictionary<string, string> { ["kind"] = "interactions" }));
}
