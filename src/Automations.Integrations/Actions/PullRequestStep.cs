using Automations.Core.Definitions.Actions;
using Automations.Core.Sessions;
using Automations.Integrations.GitHub;

namespace Automations.Integrations.Actions;

/// <summary>
/// <c>pull_request</c>: once the agent pushed its branch, a pull request from it: the one already open
/// for the branch (found by its head) is updated, never duplicated; else one is made, with its labels and
/// reviewers. Later pushes (follow-up turns) update its body.
/// </summary>
internal sealed class PullRequestStep(GitHubClient github)
{
    /// <summary>Does what is due; a refusal that ends the session is answered.</summary>
    public async Task<string?> RunAsync(ActionRun run, PullRequestAction action, CancellationToken cancellationToken)
    {
        var key = action.Key;
        var commit = run.PushedCommit;
        if (commit is null || run.Session.Branch is not { } branch || run.Ledger.Find(key)?.State == Core.Sessions.Actions.ActionLedger.Failed)
        {
            return null;
        }

        if (run.Repository is not { } repository)
        {
            await run.RecordAsync([SessionEvents.ActionFailed(key, $"{key}: the session's repository '{run.Session.Repository}' is not owner/name on GitHub")], cancellationToken);
            return null;
        }

        if (run.Ledger.IsDone(key))
        {
            if (run.Session.PullRequest is { } made)
            {
                await DecorateAsync(run, action, repository, (int)made.Number, cancellationToken);
            }

            return await UpdateAsync(run, action, repository, commit, cancellationToken);
        }

        // A pull request only follows a turn that ended well: an errored or stopped session opens none.
        if (run.Session.Status != SessionStatus.Working)
        {
            return null;
        }

        // Checkpoint: started is written before anything is made; a retry looks the pull request up by its head first.
        await run.StartAsync(key, cancellationToken);
        var found = await github.ListPullRequestsByHeadAsync(repository, branch, cancellationToken);
        if (!found.Succeeded)
        {
            return await run.FailAsync(key, found.Error, cancellationToken);
        }

        var title = run.Render(action.Title).Trim();
        var body = Body(run, action, key);
        PullRequest pullRequest;
        if (found.Value.FirstOrDefault(p => p.State == "open") is { } open)
        {
            var updated = await github.UpdatePullRequestAsync(repository, open.Number, new PullRequestUpdate { Title = title, Body = body }, cancellationToken);
            if (!updated.Succeeded)
            {
                return await run.FailAsync(key, updated.Error, cancellationToken);
            }

            pullRequest = updated.Value;
        }
        else
        {
            var created = await github.CreatePullRequestAsync(repository, new NewPullRequest(title, branch, run.Session.Base ?? run.Definition.Base) { Body = body, Draft = action.Draft }, cancellationToken);
            if (!created.Succeeded)
            {
                return await run.FailAsync(key, created.Error, cancellationToken);
            }

            pullRequest = created.Value;
        }

        var reference = new PullRequestRef(pullRequest.Number, pullRequest.HtmlUrl);
        await run.RecordAsync(
            [SessionEvents.ActionDone(key, new { number = pullRequest.Number, url = pullRequest.HtmlUrl, commit }, new Core.Ports.SessionChange { PullRequest = reference })],
            cancellationToken);
        await DecorateAsync(run, action, repository, pullRequest.Number, cancellationToken);
        return null;
    }

    /// <summary>Labels and reviewers: each its own ledger entry, and a refusal of either does not undo the pull request.</summary>
    private async Task DecorateAsync(ActionRun run, PullRequestAction action, GitHubRepository repository, int number, CancellationToken cancellationToken)
    {
        var labels = $"{action.Key}:labels";
        if (action.Labels.Count > 0 && run.Ledger.Find(labels) is null)
        {
            // Adding a label twice is harmless: no started entry is needed.
            var labeled = await github.AddLabelsAsync(repository, number, action.Labels, cancellationToken);
            await (labeled.Succeeded
                ? run.RecordAsync([SessionEvents.ActionDone(labels, new { labels = action.Labels })], cancellationToken)
                : run.FailAsync(labels, labeled.Error, cancellationToken));
        }

        var reviewers = $"{action.Key}:reviewers";
        if (action.Reviewers.Count > 0 && run.Ledger.Find(reviewers) is null)
        {
            // org/team names a team (its slug after the slash); anything else is a login.
            var users = action.Reviewers.Where(r => !r.Contains('/', StringComparison.Ordinal)).ToList();
            var teams = action.Reviewers.Where(r => r.Contains('/', StringComparison.Ordinal)).Select(r => r[(r.IndexOf('/', StringComparison.Ordinal) + 1)..]).ToList();
            var requested = await github.RequestReviewersAsync(repository, number, users, teams, cancellationToken);
            await (requested.Succeeded
                ? run.RecordAsync([SessionEvents.ActionDone(reviewers, new { reviewers = action.Reviewers })], cancellationToken)
                : run.FailAsync(reviewers, requested.Error, cancellationToken));
        }
    }

    /// <summary>A push after the pull request was made (a follow-up turn): its body tells the session as it is now.</summary>
    private async Task<string?> UpdateAsync(ActionRun run, PullRequestAction action, GitHubRepository repository, string commit, CancellationToken cancellationToken)
    {
        var done = run.Ledger.Find(action.Key)!;
        var key = $"{action.Key}:update:{commit}";
        if (run.Session.PullRequest is not { } pullRequest || run.Ledger.IsDone(key)
            || (done.Result is { } result && result.TryGetProperty("commit", out var made) && made.GetString() == commit))
        {
            return null;
        }

        var updated = await github.UpdatePullRequestAsync(repository, (int)pullRequest.Number, new PullRequestUpdate { Body = Body(run, action, action.Key) }, cancellationToken);
        if (!updated.Succeeded)
        {
            await run.FailAsync(key, updated.Error, cancellationToken);
            return null;
        }

        await run.RecordAsync([SessionEvents.ActionDone(key, new { number = pullRequest.Number, commit })], cancellationToken);
        return null;
    }

    private static string Body(ActionRun run, PullRequestAction action, string key)
    {
        var written = action.Body is null ? null : run.Render(action.Body).Trim();
        return $"{(string.IsNullOrEmpty(written) ? string.Empty : written + "\n\n---\n")}{run.Summary()}\n\n{run.Marker(key)}";
    }
}
