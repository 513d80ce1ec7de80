using System.Text.Json;
using Automations.Core.Definitions.Actions;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;

namespace Automations.Integrations.Actions;

/// <summary>
/// <c>merge</c>: once the session is <c>mergeable</c> (approved, and its checks passed), GitHub is asked whether
/// the pull request merges cleanly, and it is merged naming the head commit whose checks passed: a commit
/// pushed since makes GitHub refuse (409), so nothing is merged unseen. One attempt per head commit
/// (<c>merge:{sha}</c>); a merge ends the session <c>merged</c>.
/// </summary>
internal sealed class MergeStep(GitHubClient github)
{
    public const string Prefix = "merge:";

    public async Task RunAsync(ActionRun run, MergeSpec spec, CancellationToken cancellationToken)
    {
        if (run.Session is not { Status: SessionStatus.Mergeable, PullRequest: { } pullRequest } || run.Repository is not { } repository
            || (CheckedHead(run) ?? run.PushedCommit) is not { } sha)
        {
            return;
        }

        var key = Prefix + sha;
        if (run.Ledger.Find(key) is { State: not ActionLedger.Started })
        {
            return;
        }

        var pull = await github.GetPullRequestAsync(repository, (int)pullRequest.Number, cancellationToken);
        if (!pull.Succeeded)
        {
            await run.FailAsync(key, pull.Error, cancellationToken);
            return;
        }

        if (pull.Value.Merged == true)
        {
            // Checkpoint: an attempt merged it and died before it heard the answer (or a person merged it first).
            await MergedAsync(run, key, sha, pull.Value.Head.Sha, spec.Method, cancellationToken);
            return;
        }

        if (pull.Value is { State: "open", Mergeable: null })
        {
            run.Defer(key, new ProviderError("github", ProviderErrorKind.Unavailable, "GitHub has not yet computed whether the pull request merges"));
            return;
        }

        if (pull.Value is not { State: "open", Mergeable: true, MergeableState: "clean" or "has_hooks" })
        {
            var reason = $"GitHub says pull request #{pullRequest.Number} is {pull.Value.State} and {pull.Value.MergeableState ?? "of unknown mergeability"}; it is not merged";
            await run.RecordAsync([SessionEvents.ActionDone(key, new { merged = false, reason })], cancellationToken);
            return;
        }

        await run.StartAsync(key, cancellationToken);
        var merged = await github.MergePullRequestAsync(repository, (int)pullRequest.Number, sha, spec.Method, cancellationToken);
        if (!merged.Succeeded)
        {
            await run.FailAsync(key, merged.Error, cancellationToken);
            return;
        }

        await MergedAsync(run, key, sha, merged.Value.Sha, spec.Method, cancellationToken);
    }

    private static Task MergedAsync(ActionRun run, string key, string head, string commit, string method, CancellationToken cancellationToken) =>
        run.RecordAsync(
            [
                SessionEvents.ActionDone(key, new { merged = true, head, commit, method }),
                SessionEvents.Status(SessionStatus.Merged, $"the engine merged pull request #{run.Session.PullRequest!.Number} ({method}) at {head[..Math.Min(10, head.Length)]}"),
            ],
            cancellationToken);

    /// <summary>The head commit whose checks last passed: what may be merged.</summary>
    private static string? CheckedHead(ActionRun run) => run.Events
        .Where(e => e.Type == SessionEventTypes.PullRequest && e.Data.TryGetProperty("kind", out var kind) && kind.GetString() == PullRequestFact.CiPassed)
        .Select(e => e.Data.TryGetProperty("headSha", out var head) && head.ValueKind == JsonValueKind.String ? head.GetString() : null)
        .LastOrDefault();
}
