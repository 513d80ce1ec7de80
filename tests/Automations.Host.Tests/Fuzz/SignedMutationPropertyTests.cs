using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Automations.Host.Tests.EndToEnd;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Automations.Host.Tests.Fuzz;

/// <summary>
/// Bad input never becomes a 500: every source, through the real executable, gets bodies spoiled by
/// <see cref="Mutations"/> and then signed correctly, so each one passes the door and reaches the parser,
/// the normalizer, the matcher and the store. Any answer is fine but a 5xx, or an error in the engine's log.
/// </summary>
public sealed class SignedMutationPropertyTests(ITestOutputHelper output) : IDisposable
{
    private const int Batches = 500;
    private const int BatchSize = 40;

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task SignedMutatedBodies_EverySource_NeverAnswer5xx()
    {
        _setup.Definition("all.yaml", """
            name: all-sources
            on:
              - github: { event: issues }
              - github: { event: issue_comment.created, where: { payload.comment.body: { glob: "*fix*" } } }
              - github: { event: pull_request }
              - sentry: { resource: issue, where: { subject.severity: [error, fatal] } }
              - linear: { event: Issue, where: { payload.data.team.key: ENG } }
              - linear: { event: Comment.create }
              - slack: { event: app_mention }
              - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }
            repository: acme/web
            agent: { use: demo }
            instructions: "{{ event.subject.title }} {{ event.payload.data.title }}"
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "true"), [("Automations:Worker:Enabled", "false"), .. ProviderDeliveries.Secrets]));
        var sent = 0;
        var statuses = new int[600];
        var clock = Stopwatch.StartNew();
        var deliveries = Gen.Elements<(string Source, string Event, string Body)>(ProviderBodies.All).SelectMany(b => Mutations.Of(Fill(b.Body)).Select(body => (b.Source, b.Event, Body: body)));

        var property = Prop.ForAll(Arb.From(Gen.ArrayOf(deliveries, BatchSize)), batch =>
        {
            var answers = Task.WhenAll(batch.Select(async d =>
            {
                using var request = Signed(d.Source, d.Event, d.Body);
                using var response = await engine.Http.SendAsync(request);
                Interlocked.Increment(ref statuses[(int)response.StatusCode]);
                return (d, response.StatusCode, Text: (int)response.StatusCode >= 500 ? await response.Content.ReadAsStringAsync() : "");
            })).GetAwaiter().GetResult();
            Interlocked.Add(ref sent, answers.Length);
            var failed = answers.FirstOrDefault(a => (int)a.StatusCode >= 500);
            Assert.True(failed.d.Body is null, $"{failed.d.Source} {failed.d.Event} answered {(int)failed.StatusCode} {failed.Text} for {Convert.ToBase64String(failed.d.Body ?? [])}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Batches).WithQuietOnSuccess(true), property);

        output.WriteLine($"{sent} signed mutated deliveries in {clock.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", statuses.Select((count, code) => (code, count)).Where(x => x.count > 0).Select(x => $"{x.code}: {x.count}")));
        Assert.True(sent >= Batches * BatchSize, $"only {sent} deliveries were sent");
        Assert.True(statuses[202] > 0 && statuses[400] > 0, "the mutations reach both the accepted and the rejected paths");
        Assert.DoesNotContain("fail:", engine.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", engine.Output, StringComparison.Ordinal);
    }

    private static byte[] Fill(string template)
    {
        var now = TimeProvider.System.GetUtcNow();
        return Encoding.UTF8.GetBytes(template
            .Replace("NOW_MS", now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("NOW_S", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("EvID", "Ev" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal)
            .Replace("dep_1", "dep_" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal));
    }

    private static HttpRequestMessage Signed(string source, string eventName, byte[] body)
    {
        var id = Guid.NewGuid().ToString();
        return source switch
        {
            "github" => ProviderDeliveries.GitHub(eventName, id, body),
            "sentry" => ProviderDeliveries.Sentry(eventName, body),
            "linear" => ProviderDeliveries.Linear(eventName, id, body),
            "slack" => ProviderDeliveries.Slack(body, ProviderDeliveries.UnixNow()),
            _ => ProviderDeliveries.Custom(eventName, "msg_" + id, ProviderDeliveries.UnixNow(), body),
        };
    }
}
