using Automations.Core.Definitions;
using Automations.Core.Definitions.Actions;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Actions;

/// <summary>
/// The actions of a session's definition, done when they are due and recorded in the session's ledger:
/// the pull request first (the others link to it), then follow-up turns for its CI and reviews, then the
/// Slack thread, the comment on the issue, and the result webhook.
/// </summary>
internal sealed class SessionActions(
    PullRequestStep pullRequests,
    FollowUpStep followUps,
    SlackThreadStep slack,
    IssueCommentStep comments,
    ResultWebhookStep webhooks,
    IOptions<ActionsOptions> options) : ISessionActions
{
    public async Task<ActionsOutcome> ReconcileAsync(SessionRun sessionRun, AutomationDefinition definition, CancellationToken cancellationToken)
    {
        if (definition.Actions.Count == 0 && definition.FollowUp is null)
        {
            return ActionsOutcome.None;
        }

        var run = new ActionRun(sessionRun, definition, await sessionRun.EventsAsync(cancellationToken), await sessionRun.TriggerAsync(cancellationToken), options.Value.PublicUrl);
        string? failure = null;
        foreach (var pullRequest in definition.Actions.OfType<PullRequestAction>())
        {
            failure ??= await pullRequests.RunAsync(run, pullRequest, cancellationToken);
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

        foreach (var action in definition.Actions)
        {
            if (run.Deferred is not null)
            {
                break;
            }

            switch (action)
            {
                case SlackAction slackAction:
                    await slack.RunAsync(run, slackAction, cancellationToken);
                    break;
                case CommentAction comment:
                    await comments.RunAsync(run, comment, cancellationToken);
                    break;
                case WebhookAction webhook:
                    await webhooks.RunAsync(run, webhook, cancellationToken);
                    break;
            }
        }

        return new ActionsOutcome(failure, run.Deferred);
    }
}
