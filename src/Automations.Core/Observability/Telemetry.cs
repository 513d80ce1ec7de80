using System.Diagnostics;
using System.Diagnostics.Metrics;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Observability;

/// <summary>
/// The engine's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Automations</c>,
/// and the spans and instruments made from them. A span costs nothing while no listener is attached (no
/// exporter configured). A delivery's span is stored with each job it makes, as a W3C <c>traceparent</c>
/// (<see cref="SessionJob.TraceParent"/>), and the job's span is its child, on whichever process and
/// however late the job runs: one trace holds the delivery, the job, the session, its turns and its actions.
/// </summary>
public static class Telemetry
{
    public const string Name = "Automations";

    public const string DeliveryIdTag = "automations.delivery.id";
    public const string SessionIdTag = "automations.session.id";
    public const string SourceTag = "automations.source";
    public const string AutomationTag = "automations.automation";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> SessionTransitions = Meter.CreateCounter<long>(
        "automations.sessions.transitions", "{session}", "Sessions entering a status, by automation and status.");

    private static readonly Counter<double> AgentCost = Meter.CreateCounter<double>(
        "automations.agent.cost", "USD", "What agents reported spending, by automation.");

    private static readonly Counter<long> AgentTokens = Meter.CreateCounter<long>(
        "automations.agent.tokens", "{token}", "Tokens agents reported, by automation and type (input, output).");

    private static readonly Counter<long> ActionFailures = Meter.CreateCounter<long>(
        "automations.actions.failed", "{action}", "Actions a provider refused or that could not be done, by automation and action.");

    /// <summary>The current span as a W3C <c>traceparent</c>, to store with work that runs later; null when none is recorded.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>A delivery's span; its id and outcome are tagged when known.</summary>
    public static Activity? StartDelivery(string source) =>
        Source.StartActivity("automations.delivery", ActivityKind.Internal)?.SetTag(SourceTag, source);

    /// <summary>Tags the delivery's span with what became of it, and answers <paramref name="result"/>.</summary>
    public static IngestResult DeliveryEnded(Activity? span, IngestResult result)
    {
        if (span is not null)
        {
            span.SetTag(DeliveryIdTag, result.DeliveryId).SetTag("automations.delivery.outcome", result.Outcome.ToString());
            span.SetTag("automations.delivery.matched", result.Matched.ToArray()).SetTag("automations.delivery.sessions", result.Sessions.ToArray());
            if (result.Outcome is IngestOutcome.Unauthorized or IngestOutcome.Malformed or IngestOutcome.UnknownSource)
            {
                span.SetStatus(ActivityStatusCode.Error, result.Reason);
            }
        }

        return result;
    }

    /// <summary>A job's attempt: the child of the span that made the job, when the job carries one.</summary>
    public static Activity? StartJob(SessionJob job, int attempt)
    {
        var parent = ActivityContext.TryParse(job.TraceParent, null, isRemote: true, out var context) ? context : default;
        return Source.StartActivity("automations.job", ActivityKind.Consumer, parent, Tags(job.SessionId, job.DeliveryId, job.Automation))
            ?.SetTag("automations.job.attempt", attempt);
    }

    /// <summary>The session's run within a job.</summary>
    public static Activity? StartSession(Session session) =>
        Source.StartActivity("automations.session", ActivityKind.Internal, default(ActivityContext), Tags(session.Id, session.Trigger.DeliveryId, session.Automation));

    /// <summary>One agent turn.</summary>
    public static Activity? StartTurn(Session session, string agent) =>
        Source.StartActivity("automations.turn", ActivityKind.Internal, default(ActivityContext), Tags(session.Id, session.Trigger.DeliveryId, session.Automation))
            ?.SetTag("automations.agent", agent);

    /// <summary>One action of a session (<c>pull_request</c>, <c>slack</c>, <c>comment</c>, <c>webhook</c>).</summary>
    public static Activity? StartAction(Session session, string action) =>
        Source.StartActivity("automations.action", ActivityKind.Client, default(ActivityContext), Tags(session.Id, session.Trigger.DeliveryId, session.Automation))
            ?.SetTag("automations.action", action);

    /// <summary>A session entered <paramref name="status"/>.</summary>
    public static void StatusChanged(string automation, string status)
    {
        SessionTransitions.Add(1, new(AutomationTag, automation), new("status", status));
        Activity.Current?.AddEvent(new ActivityEvent("status", tags: new ActivityTagsCollection { ["status"] = status }));
    }

    /// <summary>What an agent's turn reported spending.</summary>
    public static void AgentReported(string automation, decimal? costUsd, AgentUsage usage)
    {
        if (costUsd is { } cost)
        {
            AgentCost.Add((double)cost, new KeyValuePair<string, object?>(AutomationTag, automation));
        }

        AgentTokens.Add(usage.InputTokens, new(AutomationTag, automation), new("type", "input"));
        AgentTokens.Add(usage.OutputTokens, new(AutomationTag, automation), new("type", "output"));
    }

    /// <summary>An action failed: counted, and its span says why.</summary>
    public static void ActionFailed(Activity? span, string automation, string action, string reason)
    {
        ActionFailures.Add(1, new(AutomationTag, automation), new("automations.action", action));
        span?.SetStatus(ActivityStatusCode.Error, reason);
    }

    private static KeyValuePair<string, object?>[] Tags(string sessionId, string deliveryId, string automation) =>
        [new(SessionIdTag, sessionId), new(DeliveryIdTag, deliveryId), new(AutomationTag, automation)];
}
