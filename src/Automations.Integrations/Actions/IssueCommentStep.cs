using System.Text.Json;
using Automations.Core.Definitions.Actions;
using Automations.Core.Sessions;
using Automations.Integrations.GitHub;
using Automations.Integrations.Linear;

namespace Automations.Integrations.Actions;

/// <summary>
/// <c>comment</c>: one comment on the GitHub or Linear issue that started the session, once the session
/// is at rest. The comment carries a marker; a retry after a crash looks for it before commenting again.
/// </summary>
internal sealed class IssueCommentStep(GitHubClient github, LinearClient linear)
{
    public async Task RunAsync(ActionRun run, CommentAction action, CancellationToken cancellationToken)
    {
        var key = action.Key;
        if (!run.IsAtRest || run.Ledger.Find(key) is { State: not Core.Sessions.Actions.ActionLedger.Started } || run.Trigger is not { } trigger)
        {
            return;
        }

        var body = $"{(action.Body is null ? run.Summary() : run.Render(action.Body).Trim())}\n\n{run.Marker(key)}";
        var source = trigger.Source;
        if (source == "github" && action.On is CommentTarget.Trigger or CommentTarget.GitHub)
        {
            await GitHubAsync(run, key, trigger, body, cancellationToken);
        }
        else if (source == "linear" && action.On is CommentTarget.Trigger or CommentTarget.Linear)
        {
            await LinearAsync(run, key, trigger, body, cancellationToken);
        }
        else
        {
            await run.RecordAsync([SessionEvents.ActionFailed(key, $"{key}: the session was started by {trigger.Kind}, which has no {(action.On == CommentTarget.Trigger ? "GitHub or Linear" : action.On.ToString())} issue to comment on")], cancellationToken);
        }
    }

    private async Task GitHubAsync(ActionRun run, string key, Core.Events.TriggerEvent trigger, string body, CancellationToken cancellationToken)
    {
        if (!GitHubRepository.TryParse(trigger.Repository, out var repository) || trigger.Subject.Number is not { } number)
        {
            await run.RecordAsync([SessionEvents.ActionFailed(key, $"{key}: {trigger.Kind} names no issue or pull request to comment on")], cancellationToken);
            return;
        }

        repository = repository with { InstallationId = GitHubInstallation.FromPayload(trigger.Payload) };
        var marker = run.Marker(key);
        if (run.Ledger.Find(key) is not null)
        {
            // Checkpoint: an earlier attempt started commenting and died: its comment is found by the marker.
            var comments = await github.ListIssueCommentsAsync(repository, (int)number, cancellationToken);
            if (!comments.Succeeded)
            {
                await run.FailAsync(key, comments.Error, cancellationToken);
                return;
            }

            if (comments.Value.FirstOrDefault(c => c.Body.Contains(marker, StringComparison.Ordinal)) is { } existing)
            {
                await run.RecordAsync([SessionEvents.ActionDone(key, new { id = existing.Id, url = existing.HtmlUrl })], cancellationToken);
                return;
            }
        }
        else
        {
            await run.StartAsync(key, cancellationToken);
        }

        var created = await github.CreateIssueCommentAsync(repository, (int)number, body, cancellationToken);
        if (created.Succeeded)
        {
            await run.RecordAsync([SessionEvents.ActionDone(key, new { id = created.Value.Id, url = created.Value.HtmlUrl })], cancellationToken);
        }
        else
        {
            await run.FailAsync(key, created.Error, cancellationToken);
        }
    }

    private async Task LinearAsync(ActionRun run, string key, Core.Events.TriggerEvent trigger, string body, CancellationToken cancellationToken)
    {
        if (IssueId(trigger) is not { } issueId)
        {
            await run.RecordAsync([SessionEvents.ActionFailed(key, $"{key}: {trigger.Kind} names no Linear issue to comment on")], cancellationToken);
            return;
        }

        if (run.Ledger.Find(key) is not null)
        {
            // Checkpoint: an earlier attempt started commenting and died: its comment is found by the marker.
            var comments = await linear.ListCommentsAsync(issueId, cancellationToken);
            if (!comments.Succeeded)
            {
                await run.FailAsync(key, comments.Error, cancellationToken);
                return;
            }

            if (comments.Value.FirstOrDefault(c => c.Body.Contains(run.Marker(key), StringComparison.Ordinal)) is { } existing)
            {
                await run.RecordAsync([SessionEvents.ActionDone(key, new { id = existing.Id, url = existing.Url })], cancellationToken);
                return;
            }
        }
        else
        {
            await run.StartAsync(key, cancellationToken);
        }

        var created = await linear.CreateCommentAsync(issueId, body, cancellationToken);
        if (created.Succeeded)
        {
            await run.RecordAsync([SessionEvents.ActionDone(key, new { id = created.Value.Id, url = created.Value.Url })], cancellationToken);
        }
        else
        {
            await run.FailAsync(key, created.Error, cancellationToken);
        }
    }

    /// <summary>The Linear issue of the delivery: the issue itself, or the issue a comment is on.</summary>
    private static string? IssueId(Core.Events.TriggerEvent trigger)
    {
        if (!trigger.Payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = trigger.Payload.TryGetProperty("type", out var t) ? t.GetString() : null;
        return type == "Issue" && data.TryGetProperty("id", out var id) ? id.GetString()
            : data.TryGetProperty("issueId", out var issueId) ? issueId.GetString()
            : data.TryGetProperty("issue", out var issue) && issue.TryGetProperty("id", out var nested) ? nested.GetString()
            : null;
    }
}
