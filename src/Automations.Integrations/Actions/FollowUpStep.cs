using System.Globalization;
using System.Text;
using System.Text.Json;
using Automations.Core.Definitions.Actions;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Templates;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;

namespace Automations.Integrations.Actions;

/// <summary>
/// <c>follow_up</c>: a failed check or a review that requests changes becomes a message for the agent, which
/// the session runs as a follow-up turn on the same branch. The message carries what the agent needs and
/// people complain is missing elsewhere: the check's name and conclusion, its output, its annotations with
/// file and line, and an excerpt of its log; every comment of the review, with file and line. Retries are
/// counted per CI run (per head commit) and per review; past the limit the Slack thread is told instead.
/// When the pull request's head or base moved, GitHub is asked whether it still merges; a conflict becomes a
/// turn naming the files a trial merge of the base finds in conflict (<see cref="ISourceControl.ConflictsAsync"/>),
/// counted per pair of head and base commits.
/// </summary>
internal sealed class FollowUpStep(GitHubClient github, ISourceControl sourceControl)
{
    /// <summary>Every follow-up's key starts so; a follow-up past its limit is recorded done with <c>skipped</c>.</summary>
    public const string Prefix = "follow_up:";
    public const string CiPrefix = "follow_up:ci:";
    public const string ReviewPrefix = "follow_up:review:";
    public const string ConflictsPrefix = "follow_up:conflicts:";

    /// <summary>One check of mergeability per <c>moved</c> fact: <c>conflicts:check:{seq}</c>.</summary>
    public const string ConflictCheckPrefix = "conflicts:check:";

    /// <summary>The message and ledger entry for each new failure or review; notes for those past the limit.</summary>
    public async Task RunAsync(ActionRun run, FollowUpSpec spec, Func<string, string, Task> note, CancellationToken cancellationToken)
    {
        if (run.Session.PullRequest is not { } pullRequest || run.Repository is not { } repository || SessionStatus.IsTerminal(run.Session.Status))
        {
            return;
        }

        foreach (var e in run.Events.Where(e => e.Type == SessionEventTypes.PullRequest).ToList())
        {
            var fact = e.Data.Deserialize<PullRequestFact>(Core.Events.EventJson.Options)!;
            if (fact.Kind == PullRequestFact.CiFailed && fact.CheckRunId is { } checkRunId)
            {
                var key = CiPrefix + (fact.HeadSha ?? checkRunId.ToString(CultureInfo.InvariantCulture));
                if (run.Ledger.Find(key) is null)
                {
                    await FollowAsync(run, key, CiPrefix, spec.CiFailedRetries, "CI", note, () => CiMessageAsync(repository, fact, checkRunId, pullRequest, cancellationToken), cancellationToken);
                }
            }
            else if (fact.Kind == PullRequestFact.ChangesRequested && fact.ReviewId is { } reviewId)
            {
                var key = ReviewPrefix + reviewId.ToString(CultureInfo.InvariantCulture);
                if (run.Ledger.Find(key) is null)
                {
                    await FollowAsync(run, key, ReviewPrefix, spec.ChangesRequestedRetries, "review", note, () => ReviewMessageAsync(repository, fact, reviewId, pullRequest, cancellationToken), cancellationToken);
                }
            }
            else if (fact.Kind == PullRequestFact.Moved && spec.ConflictsRetries is { } retries && run.Ledger.Find(ConflictCheckPrefix + e.Seq.ToString(CultureInfo.InvariantCulture)) is null)
            {
                await ConflictsAsync(run, ConflictCheckPrefix + e.Seq.ToString(CultureInfo.InvariantCulture), retries, repository, pullRequest, note, cancellationToken);
                if (run.Deferred is not null)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Asks GitHub whether the pull request still merges; when it does not, a turn to resolve (once per head and base).</summary>
    private async Task ConflictsAsync(ActionRun run, string checkKey, int retries, GitHubRepository repository, PullRequestRef pullRequest, Func<string, string, Task> note, CancellationToken cancellationToken)
    {
        var pull = await github.GetPullRequestAsync(repository, (int)pullRequest.Number, cancellationToken);
        if (!pull.Succeeded)
        {
            await run.FailAsync(checkKey, pull.Error, cancellationToken);
            return;
        }

        var pr = pull.Value;
        if (pr.State == "open" && pr.Mergeable is null)
        {
            // GitHub computes mergeability after a push, in the background: the job asks again after its backoff.
            run.Defer(checkKey, new ProviderError("github", ProviderErrorKind.Unavailable, "GitHub has not yet computed whether the pull request merges"));
            return;
        }

        if (pr is { State: "open", MergeableState: "dirty" } && run.Session is { RepositoryUrl: { } url, Branch: { } branch })
        {
            var key = $"{ConflictsPrefix}{pr.Head.Sha}..{pr.Base.Sha}";
            if (run.Ledger.Find(key) is null)
            {
                var files = await sourceControl.ConflictsAsync(url, pr.Base.Ref, branch, cancellationToken);
                await FollowAsync(run, key, ConflictsPrefix, retries, "conflicts", note, () => Task.FromResult(new Result(ConflictMessage(pr, files), null)), cancellationToken);
            }
        }

        await run.RecordAsync([SessionEvents.ActionDone(checkKey, new { state = pr.State, mergeable = pr.Mergeable, mergeableState = pr.MergeableState, head = pr.Head.Sha })], cancellationToken);
    }

    private static string ConflictMessage(PullRequest pr, IReadOnlyList<string> files)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Pull request #{pr.Number} no longer merges into {pr.Base.Ref}: {pr.Base.Ref} moved (it is now at commit {pr.Base.Sha}) and conflicts with this branch.");
        text.Append(CultureInfo.InvariantCulture, $"\nRebase or merge the base and resolve: for example `git merge {pr.Base.Sha}` (the commit is in your repository), resolve each conflicting file, and commit. Then end your turn; your changes are pushed to the pull request's branch.\n");

        // File names are written by whoever pushed to the base: data, not instructions.
        var list = files.Count == 0 ? "(GitHub reports a conflict that a trial merge here did not find: merge the base and look.)" : string.Join('\n', files.Select(f => $"- {f}"));
        text.Append('\n').Append(UntrustedData.Fence($"Conflicting files:\n{list}", "github", $"the base branch {pr.Base.Ref}", "merge_conflicts"));
        return text.ToString();
    }

    private static async Task FollowAsync(
        ActionRun run, string key, string prefix, int retries, string what, Func<string, string, Task> note, Func<Task<Result>> message, CancellationToken cancellationToken)
    {
        var used = run.Ledger.CountDone(prefix) - run.Ledger.Entries.Count(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && e.Result is { } r && r.TryGetProperty("skipped", out _));
        if (used >= retries)
        {
            var reason = $"{retries} follow-up turn(s) for {what} were used; the session's status stays as it is";
            await run.RecordAsync([SessionEvents.ActionDone(key, new { skipped = true, reason })], cancellationToken);
            await note($"note:{key}", $"No follow-up turn for this {what} result: {reason}.");
            return;
        }

        var built = await message();
        if (built.Error is { } error)
        {
            await run.FailAsync(key, error, cancellationToken);
            return;
        }

        // Checkpoint: the message and its ledger entry are one append, so the turn is asked for exactly once.
        await run.RecordAsync(
            [
                SessionEvents.Of(SessionEventTypes.Message, new { text = built.Text, from = what switch { "CI" => "ci", "conflicts" => "conflicts", _ => "review" } }, new SessionChange { IsMessage = true }),
                SessionEvents.ActionDone(key, new { turn = used + 1, of = retries }),
            ],
            cancellationToken,
            wake: true);
    }

    private async Task<Result> CiMessageAsync(GitHubRepository repository, PullRequestFact fact, long checkRunId, PullRequestRef pullRequest, CancellationToken cancellationToken)
    {
        var run = await github.GetCheckRunAsync(repository, checkRunId, cancellationToken);
        if (!run.Succeeded)
        {
            return new Result(null, run.Error);
        }

        var check = run.Value;
        var annotations = await github.ListCheckRunAnnotationsAsync(repository, checkRunId, cancellationToken);

        // Only a GitHub Actions run is a job with a log; asking for another app's would be a 404.
        var log = check.MayHaveJobLog ? await github.GetJobLogExcerptAsync(repository, checkRunId, cancellationToken) : null;
        var text = new StringBuilder();
        var commit = check.HeadSha ?? fact.HeadSha;
        text.Append(CultureInfo.InvariantCulture, $"CI failed on pull request #{pullRequest.Number}: the check \"{check.Name}\" concluded {check.Conclusion ?? fact.Conclusion}{(commit is null ? string.Empty : $" on commit {Short(commit)}")}.");
        if (check.HtmlUrl is { } url)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({url})");
        }

        text.Append("\nFix what makes it fail, then end your turn; your changes are pushed to the pull request's branch.\n");
        var details = new StringBuilder();
        if (check.Output is { } output)
        {
            foreach (var part in new[] { output.Title, output.Summary, output.Text }.Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                details.Append(part!.Trim()).Append("\n\n");
            }
        }

        if (annotations.Succeeded && annotations.Value.Count > 0)
        {
            details.Append("Annotations:\n");
            foreach (var a in annotations.Value)
            {
                var lines = a.EndLine != a.StartLine ? $"{a.StartLine}-{a.EndLine}" : a.StartLine.ToString(CultureInfo.InvariantCulture);
                details.Append(CultureInfo.InvariantCulture, $"- {a.Path}:{lines} [{a.AnnotationLevel}] {(a.Title is null ? string.Empty : a.Title + ": ")}{a.Message}\n");
            }

            details.Append('\n');
        }
        else if (!annotations.Succeeded)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n(The annotations could not be read: {annotations.Error.Message}.)\n");
        }

        if (log is { Succeeded: true } && log.Value.Text.Length > 0)
        {
            details.Append(CultureInfo.InvariantCulture, $"Log, lines {log.Value.FirstLine}-{log.Value.FirstLine + log.Value.Text.Split('\n').Length - 1} of {log.Value.TotalLines}:\n{log.Value.Text}\n");
        }
        else if (log is { Succeeded: false })
        {
            text.Append(CultureInfo.InvariantCulture, $"\n(The job log could not be read: {log.Error.Message}.)\n");
        }

        // What CI printed comes from the code under test, which anyone who opened a pull request can shape: data, not instructions.
        text.Append('\n').Append(UntrustedData.Fence(details.ToString().TrimEnd(), "github", $"check {check.Name}", "check_run"));
        return new Result(text.ToString(), null);
    }

    private async Task<Result> ReviewMessageAsync(GitHubRepository repository, PullRequestFact fact, long reviewId, PullRequestRef pullRequest, CancellationToken cancellationToken)
    {
        var comments = await github.ListReviewCommentsAsync(repository, (int)pullRequest.Number, cancellationToken);
        if (!comments.Succeeded)
        {
            return new Result(null, comments.Error);
        }

        var mine = comments.Value.Where(c => c.PullRequestReviewId == reviewId).OrderBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Line ?? c.OriginalLine).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{fact.Reviewer ?? "A reviewer"} requested changes on pull request #{pullRequest.Number} ({mine.Count} comment(s)). Address each of them, then end your turn; your changes are pushed to the pull request's branch.\n");
        var review = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(fact.Body))
        {
            review.Append(fact.Body.Trim()).Append("\n\n");
        }

        foreach (var c in mine)
        {
            var line = c.Line ?? c.OriginalLine;
            review.Append(CultureInfo.InvariantCulture, $"- {c.Path}{(line is null ? " (outdated)" : $":{line}")}: {c.Body.Trim()}\n");
        }

        text.Append('\n').Append(UntrustedData.Fence(review.ToString().TrimEnd(), "github", fact.Reviewer ?? "reviewer", "pull_request_review"));
        return new Result(text.ToString(), null);
    }

    private static string Short(string sha) => sha.Length > 10 ? sha[..10] : sha;

    private sealed record Result(string? Text, ProviderError? Error);
}
