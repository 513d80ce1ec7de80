using Automations.Core.Definitions;
using Automations.Core.Definitions.Actions;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Actions;

/// <summary>
/// The actions of a session's definition, done when they are due and recorded in the session's ledger:
/// the pull request first (the others link to it), then follow-up turns for its CI and reviews, then the
/// Slack thread, the comment on the issue, and the result webhook.
/// </summary>
internal sealed class SessionActions(
    ISessionStore sessions,
    IDeliveryStore deliveries,
    PullRequestStep pullRequests,
    FollowUpStep followUps,
    SlackThreadStep slack,
    IssueCommentStep comments,
    ResultWebhookStep webhooks,
    IOptions<ActionsOptions> options) : ISessionActions
{
    public async Task<ActionsOutcome> ReconcileAsync(Session session, AutomationDefinition definition, CancellationToken cancellationToken)
    {
        if (definition.Actions.Count == 0 && definition.FollowUp is null)
        {
            return ActionsOutcome.None;
        }

        var events = await sessions.GetEventsAsync(session.Id, 0, cancellationToken);
        var trigger = session.Trigger.Source is "api" ? null : await deliveries.GetEventAsync(session.Trigger.Source, session.Trigger.DeliveryId, cancellationToken);
        var run = new ActionRun(sessions, session, definition, events, trigger, options.Value.PublicUrl);
        string? failure = null;
        foreach (var pullRequest in definition.Actions.OfType<PullRequestAction>())
        {
            failure ??= await pullRequests.RunAsync(run, pullRequest, cancellationToken);
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

        return new ActionsOutcome(failure);
    }
}
