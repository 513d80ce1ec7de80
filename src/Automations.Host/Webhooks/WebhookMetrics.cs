using System.Diagnostics.Metrics;
using Automations.Core.Ingest;

namespace Automations.Host.Webhooks;

/// <summary>Counts deliveries by source and outcome, refusals included (<c>automations.webhooks.*</c>).</summary>
public sealed class WebhookMetrics
{
    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Automations");
        _received = meter.CreateCounter<long>("automations.webhooks.received", description: "Deliveries by source and outcome.");
        _rejected = meter.CreateCounter<long>("automations.webhooks.rejected", description: "Deliveries refused before the pipeline.");
    }

    public void Received(string source, IngestOutcome outcome) =>
        _received.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    public void Rejected(string source, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));
}
