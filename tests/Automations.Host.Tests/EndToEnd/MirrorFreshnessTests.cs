using System.Net;
using System.Text;
using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>A session with no commit of its own to go by (Sentry) starts on the base as the last push left it, through the real executable.</summary>
public sealed class MirrorFreshnessTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    /// <summary>Issues labelled <c>autofix</c> and Sentry's new issues start sessions on <c>acme/web</c>.</summary>
    internal static void Definitions(EngineSetup setup)
    {
        setup.AutofixDefinition();
        setup.SentryAutofixDefinition();
    }

    /// <summary>The <c>workspace</c> event's data of the session, once it ended: its <c>baseCommit</c>, and whether it <c>fetched</c>.</summary>
    internal static async Task<JsonElement> WorkspaceOfAsync(EngineProcess engine, string sessionId)
    {
        await engine.WaitForSessionAsync(sessionId, s => s.GetProperty("status").GetString() is "done" or "errored");
        var events = await engine.GetJsonAsync($"/api/sessions/{sessionId}/events");
        return events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "workspace").GetProperty("data").Clone();
    }

    /// <summary>A Sentry issue created, an event with no commit of its own; the session it starts.</summary>
    internal static async Task<string> SentryIssueAsync(EngineProcess engine)
    {
        var body = Encoding.UTF8.GetBytes("""
            {"action":"created","installation":{"uuid":"7a485448-a9e2-4c85-8a3c-4f44175783c9"},
             "data":{"issue":{"id":"1170820242","shortId":"WEB-1A","title":"TypeError: form is null","culprit":"login.js","level":"error",
               "status":"unresolved","web_url":"https://sentry.io/organizations/acme/issues/1170820242/","project":{"slug":"web"}}},
             "actor":{"type":"application","id":"sentry","name":"Sentry"}}
            """);
        using var request = ProviderDeliveries.Sentry("issue", body);
        using var response = await engine.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }

    [Fact]
    public async Task SentryIssue_AfterAPushToTheBase_StartsOnThePushedCommit()
    {
        Definitions(_setup);
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), ("Automations:Sources:Sentry:ClientSecret", ProviderDeliveries.SentrySecret)));

        // A first session clones the mirror.
        var labeled = await RepositoryPushes.LabeledAsync(engine, "labeled-1");
        var first = await WorkspaceOfAsync(engine, labeled.GetProperty("sessions")[0].GetString()!);
        var before = first.GetProperty("baseCommit").GetString()!;

        // Someone pushes to main; GitHub tells the engine.
        var pushed = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { ["fix.txt"] = "fixed\n" }, "fix it");
        await RepositoryPushes.PushAsync(engine, "acme/web", before, pushed, "fix.txt");

        var sentry = await WorkspaceOfAsync(engine, await SentryIssueAsync(engine));

        Assert.NotEqual(before, pushed);
        Assert.Equal(pushed, sentry.GetProperty("baseCommit").GetString());
        Assert.True(first.GetProperty("fetched").GetBoolean(), "the first session cloned and fetched the mirror");
    }
}
