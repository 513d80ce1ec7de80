using System.Diagnostics;
using Automations.Core.Definitions;
using Automations.Core.Definitions.Actions;
using Automations.Core.Observability;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Core.Work;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Actions;

/// <summary>
/// The actions of a session's definition, done when they are due and recorded in the session's ledger:
/// the pull request first (the others link to it), then follow-up turns for its CI, reviews and conflicts,
/// its merge when the definition asks for one, then the Slack thread, the comment on the issue, the result
/// webhook, and the notifications.
/// </summary>
internal sealed class SessionActions(
    PullRequestStep pullRequests,
    FollowUpStep followUps,
    MergeStep merges,
    NotifyStep notifications,
    SlackThreadStep slack,
    IssueCommentStep comments,
    ResultWebhookStep webhooks,
    IOptions<ActionsOptions> options) : ISessionActions
{
    public async Task<ActionsOutcome> ReconcileAsync(SessionRun sessionRun, AutomationDefinition definition, CancellationToken cancellationToken)
    {
        if (definition.Actions.Count == 0 && definition.FollowUp is null && definition.Merge is null && definition.Notify.Count == 0)
        {
            return ActionsOutcome.None;
        }

        var run = new ActionRun(sessionRun, definition, await sessionRun.EventsAsync(cancellationToken), await sessionRun.TriggerAsync(cancellationToken), options.Value.PublicUrl);
        string? failure = null;
        foreach (var pullRequest in definition.Actions.OfType<PullRequestAction>())
        {
            failure ??= await ActAsync(run, pullRequest, () => pullRequests.RunAsync(run, pullRequest, cancellationToken));
            if (run.Deferred is { } deferred)
            {
                return new ActionsOutcome(failure, deferred);
            }
        }

        var thread = definition.Actions.OfType<SlackAction>().FirstOrDefault();
        if (definition.FollowUp is { } followUp)
        {
            await followUps.RunAsync(
                run,
                followUp,
                (key, text) => thread is null ? Task.CompletedTask : slack.NoteAsync(run, thread, $"{thread.Key}:{key}", text, cancellationToken),
                cancellationToken);
        }

        if (definition.Merge is { } merge && run.Deferred is null)
        {
            await merges.RunAsync(run, merge, cancellationToken);
        }

        foreach (var action in definition.Actions)
        {
            if (run.Deferred is not null)
            {
                break;
            }

            switch (action)
            {
                case SlackAction slackAction:
                    await ActAsync(run, slackAction, () => slack.RunAsync(run, slackAction, cancellationToken));
                    break;
                case CommentAction comment:
                    await ActAsync(run, comment, () => comments.RunAsync(run, comment, cancellationToken));
                    break;
                case WebhookAction webhook:
                    await ActAsync(run, webhook, () => webhooks.RunAsync(run, webhook, cancellationToken));
                    break;
            }
        }

        if (definition.Notify.Count > 0 && run.Deferred is null)
        {
            await notifications.RunAsync(run, cancellationToken);
        }

        return new ActionsOutcome(failure, run.Deferred);
    }

    private static async Task ActAsync(ActionRun run, ActionSpec action, Func<Task> step) =>
        await ActAsync<object?>(run, action, async () =>
        {
            await step();
            return null;
        });

    /// <summary>
    /// One action's step in its span: the span is kept when the step did something (it recorded a step in
    /// the ledger, or deferred), and dropped when the action was not due, which most reconciles find.
    /// </summary>
    private static async Task<T> ActAsync<T>(ActionRun run, ActionSpec action, Func<Task<T>> step)
    {
        var seen = run.Events.Count;
        var deferred = run.Deferred;
        using var span = Telemetry.StartAction(run.Session, action.Key);
        var result = await step();
        var steps = run.Events.Skip(seen).Where(e => e.Type == SessionEventTypes.Action).ToList();
        if (span is null)
        {
            return result;
        }

        if (steps.Count == 0 && ReferenceEquals(deferred, run.Deferred))
        {
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return result;
        }

        var last = run.Ledger.Find(action.Key);
        span.SetTag("automations.action.state", run.Deferred is not null && !ReferenceEquals(deferred, run.Deferred) ? "deferred" : last?.State);
        if (last is { State: ActionLedger.Failed } failed && steps.Any(e => e.Seq == failed.Seq))
        {
            Telemetry.ActionFailed(span, run.Definition.Name, action.Key, failed.Error ?? "failed");
        }

        return result;
    }
}
