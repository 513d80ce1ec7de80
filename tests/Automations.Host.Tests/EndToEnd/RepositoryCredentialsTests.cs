using System.Net;
using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// A repository URL that carries a user and password (a token put in the definition's <c>repository</c>): the
/// engine clones with it, and never shows it. The session's events, its error and its JSON name the repository
/// without them, as the logs do.
/// </summary>
public sealed class RepositoryCredentialsTests : IDisposable
{
    // Nothing listens on port 1: the clone is refused at once, and the session's attempt fails on it.
    private const string Url = "https://automations:s3cret-token@127.0.0.1:1/acme/web.git";

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task ARepositoryUrlWithAPassword_IsShownWithoutIt_InTheSessionsEventsAndError()
    {
        _setup.Definition("creds.yaml", $$$"""
            name: creds
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{{Url}}}"
            agent: { use: demo }
            instructions: "Fix issue #{{ event.subject.number }}."
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo never")));

        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", "d-creds", body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sessionId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;

        // The spec names the repository; the refused clone's reason follows the first attempt.
        string events = "";
        await Waiting.UntilAsync(
            async () =>
            {
                events = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).GetRawText();
                return events.Contains("\"attempt_failed\"", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(60),
            "the session's spec and its failed attempt");

        var session = (await engine.GetJsonAsync($"/api/sessions/{sessionId}")).GetRawText();
        Assert.Contains("https://127.0.0.1:1/acme/web.git", events, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", events, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", session, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", engine.Output, StringComparison.Ordinal);
    }
}
