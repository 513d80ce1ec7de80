using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing.Fakes;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.Observability;

/// <summary>
/// The real executable watched from outside: its trace exported to an OTLP/HTTP receiver on 127.0.0.1, its
/// Prometheus scrape, and its readiness.
/// </summary>
public sealed class ObservabilityTests : IAsyncLifetime
{
    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    [Fact]
    public async Task OneDelivery_IsOneTrace_FromTheDeliveryThroughJobSessionAndTurnToItsAction()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        await using var otlp = await FakeWebhookReceiver.StartAsync();
        var settings = _fakes.AutofixSettings(
            RecordingAgent,
            ("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.Url.ToString().TrimEnd('/')),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"));
        _fakes.Setup.Definition("autofix.yaml", $$$"""
            name: autofix
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: Fix it.
            actions:
              - webhook: { url: "{{{receiver.Url}}}hooks/automations" }
            """);
        await using var engine = await _fakes.Setup.StartAsync(settings);

        var sessionId = await DeliverAsync(engine, "d-trace");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done" && ActionDone(engine, sessionId, "webhook"));
        var spans = await SpansAsync(otlp, s => s.Any(span => span.Name == "automations.job" && span["automations.job.end"] is not null));

        var delivery = Assert.Single(spans, s => s.Name == "automations.delivery");
        Assert.Equal(("d-trace", "github", "Accepted", sessionId), (delivery["automations.delivery.id"], delivery["automations.source"], delivery["automations.delivery.outcome"], delivery["automations.delivery.sessions"]));
        var job = Assert.Single(spans, s => s.Name == "automations.job");
        var session = Assert.Single(spans, s => s.Name == "automations.session");
        var turn = Assert.Single(spans, s => s.Name == "automations.turn");
        // The action is checked on every reconcile, but only the one that posted the result has a span.
        var action = Assert.Single(spans, s => s.Name == "automations.action");
        Assert.Equal(("webhook", "done"), (action["automations.action"], action["automations.action.state"]));

        Assert.All(new[] { job, session, turn, action }, s => Assert.Equal((sessionId, "d-trace", delivery.TraceId), (s["automations.session.id"], s["automations.delivery.id"], s.TraceId)));
        Assert.Equal(delivery.SpanId, job.ParentSpanId);
        Assert.Equal(job.SpanId, session.ParentSpanId);
        Assert.Equal(session.SpanId, turn.ParentSpanId);
        Assert.Equal(session.SpanId, action.ParentSpanId);
        // The request that brought the delivery is the trace's root; the test's polling of the API is in traces of its own.
        var request = Assert.Single(spans, s => s.SpanId == delivery.ParentSpanId);
        Assert.Equal("POST /webhooks/{source}", request.Name);
        Assert.Equal(
            ["POST /webhooks/{source}", "automations.action", "automations.delivery", "automations.job", "automations.session", "automations.turn"],
            spans.Where(s => s.TraceId == delivery.TraceId).Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Metrics_CountDeliveriesBySourceAndOutcome_AndReadyz_AnswersForTheStore()
    {
        var settings = _fakes.AutofixSettings(RecordingAgent);
        await using var engine = await _fakes.Setup.StartAsync(settings);
        using var anonymous = new HttpClient { BaseAddress = engine.BaseAddress };

        var sessionId = await DeliverAsync(engine, "d-metrics");
        var body = EngineSetup.Payload("issues-labeled.json");
        using (var forged = await engine.PostGitHubAsync("issues", "d-forged", body, EngineSetup.Sign(body, "not-the-secret")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        await engine.WaitForSessionAsync(sessionId, s => Status(s) is "pr_open" or "done" or "errored");
        var metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Contains("automations_webhooks_received_total{otel_scope_name=\"Automations\",outcome=\"Accepted\",source=\"github\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("automations_webhooks_received_total{otel_scope_name=\"Automations\",outcome=\"Unauthorized\",source=\"github\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("automations_sessions_transitions", metrics, StringComparison.Ordinal);
        Assert.Contains("automations_queue_jobs{otel_scope_name=\"Automations\",state=\"dead\"} 0", metrics, StringComparison.Ordinal);

        using var ready = await anonymous.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_WithScrapeKey_RefuseAScraperWithoutTheKey()
    {
        await using var engine = await _fakes.Setup.StartAsync(_fakes.AutofixSettings(RecordingAgent, ("Automations:Metrics:Scrape", "key")));
        using var anonymous = new HttpClient { BaseAddress = engine.BaseAddress };

        using var refused = await anonymous.GetAsync("/metrics");
        using var allowed = await engine.Http.GetAsync("/metrics");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (refused.StatusCode, allowed.StatusCode));
    }

    /// <summary>The spans exported so far, once <paramref name="complete"/> holds for them.</summary>
    private static async Task<IReadOnlyList<OtlpSpan>> SpansAsync(FakeWebhookReceiver otlp, Func<IReadOnlyList<OtlpSpan>, bool> complete)
    {
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<OtlpSpan> spans = [];
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            spans = [.. otlp.RequestsTo("POST", "/v1/traces").SelectMany(r => OtlpSpan.Read(r.Body))];
            if (complete(spans))
            {
                return spans;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the export never held the whole path; spans: {string.Join(", ", spans.Select(s => s.Name))}; requests: {string.Join(", ", otlp.Requests)}");
    }
}
