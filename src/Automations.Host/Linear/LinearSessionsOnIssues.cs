using Automations.Core.Definitions;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Core.Templates;

namespace Automations.Host.Linear;

/// <summary>
/// A session started elsewhere (Sentry, a schedule, GitHub) whose automation names a Linear issue
/// (<c>linear_issue:</c>) appears on that issue as an agent session of the app: <c>agentSessionCreateOnIssue</c>,
/// linked to the session's page, once per session through its action ledger (key <see cref="LedgerKey"/>).
/// </summary>
public sealed partial class LinearSessionsOnIssues(
    IDefinitionCatalog definitions, IDeliveryStore deliveries, ISessionStore sessions, IAgentSessionLinks links, LinearAgent agent, ILogger<LinearSessionsOnIssues> logger)
{
    /// <summary>The session's ledger entry for its agent session on the issue.</summary>
    public const string LedgerKey = "linear_session";

    /// <summary>The agent session started (or started before) for the session, or null when its automation names no issue.</summary>
    public async Task<string?> StartAsync(Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (definitions.Current.Find(session.Automation) is not { LinearIssue: { } template } definition
            || await deliveries.GetEventAsync(session.Trigger.Source, session.Trigger.DeliveryId, cancellationToken) is not { } trigger)
        {
            return null;
        }

        var ledger = ActionLedger.From(await sessions.GetEventPageAsync(session.Id, 0, int.MaxValue, [SessionEventTypes.Action], cancellationToken));
        if (ledger.Find(LedgerKey) is { State: ActionLedger.Done, Result: { } done } && done.TryGetProperty("id", out var existing) && existing.GetString() is { } known)
        {
            await links.LinkAsync(LinearAgent.Provider, known, session.Id, cancellationToken);
            return known;
        }

        var issue = TemplateRenderer.Shared.Render(template, DefinitionRendering.Context(trigger, definition, session.Id, session.Branch));
        if (issue.Text?.Trim() is not { Length: > 0 } issueId)
        {
            Log.NoIssue(logger, session.Id, issue.Error ?? "it rendered empty");
            return null;
        }

        // A crash between the two steps starts the agent session again on the next run: the ledger says it began.
        await sessions.AppendAsync(session.Id, [SessionEvents.ActionStarted(LedgerKey)], cancellationToken);
        var link = agent.PageOf(session.Id) is { } page ? (LinearAgent.PageLabel, page) : ((string, Uri)?)null;
        var created = await agent.Client.CreateSessionOnIssueAsync(issueId, link, cancellationToken);
        if (!created.Succeeded)
        {
            await sessions.AppendAsync(session.Id, [SessionEvents.ActionFailed(LedgerKey, created.Error.Message)], cancellationToken);
            Log.NotStarted(logger, session.Id, issueId, created.Error.Message);
            return null;
        }

        await sessions.AppendAsync(session.Id, [SessionEvents.ActionDone(LedgerKey, new { id = created.Value, issue = issueId })], cancellationToken);
        await links.LinkAsync(LinearAgent.Provider, created.Value, session.Id, cancellationToken);
        return created.Value;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1715, Level = LogLevel.Warning, Message = "Session {SessionId}'s linear_issue names no issue: {Reason}")]
        public static partial void NoIssue(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 1716, Level = LogLevel.Warning, Message = "Session {SessionId} did not appear on Linear issue {Issue}: {Reason}")]
        public static partial void NotStarted(ILogger logger, string sessionId, string issue, string reason);
    }
}
