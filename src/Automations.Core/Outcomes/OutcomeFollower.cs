using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Automations.Core.Events;
using Automations.Core.Ports;

namespace Automations.Core.Outcomes;

/// <summary>
/// Follows the end of sessions' pull requests from GitHub's deliveries: a <c>pull_request</c> closed on a
/// session's branch is <c>merged</c> (with its merge commit) or <c>closed</c>; a later revert makes a merged
/// one <c>reverted</c>. A revert is a push to the default branch whose commits' messages hold
/// <c>This reverts commit &lt;merge sha&gt;</c> (git revert), or a merged pull request whose body holds
/// <c>Reverts owner/name#N</c> (GitHub's revert button). Each new outcome checks its automation's
/// <c>pause_below</c>. A redelivery records nothing new.
/// </summary>
public sealed partial class OutcomeFollower(IOutcomeStore outcomes, ISessionStore sessions, TimeProvider time, PauseBelowCheck? pauseBelow = null)
{
    /// <summary>Records what the delivery says about sessions' pull requests; the sessions whose outcome changed.</summary>
    public async Task<IReadOnlyList<string>> FollowAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        if (triggerEvent.Source != "github" || triggerEvent.Repository is not { } repository || triggerEvent.Payload.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var changed = new List<(string Session, string Automation)>();
        var payload = triggerEvent.Payload;
        if (triggerEvent.Kind == "github.pull_request.closed" && payload.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object)
        {
            await ClosedAsync(repository, pr, changed, cancellationToken);
        }
        else if (triggerEvent.Kind == "github.push" && ToDefaultBranch(payload))
        {
            var shas = RevertedCommits(payload);
            var reverted = shas.Count == 0 ? [] : await outcomes.FindMergedByCommitAsync(repository, shas, cancellationToken);
            foreach (var session in reverted)
            {
                await RecordAsync(new OutcomeChange(session.Id, Outcome.Reverted, time.GetUtcNow()), session.Automation, changed, cancellationToken);
            }
        }

        foreach (var automation in changed.Select(c => c.Automation).Distinct(StringComparer.Ordinal))
        {
            if (pauseBelow is not null)
            {
                await pauseBelow.CheckAsync(automation, cancellationToken);
            }
        }

        return [.. changed.Select(c => c.Session)];
    }

    private async Task ClosedAsync(string repository, JsonElement pr, List<(string, string)> changed, CancellationToken cancellationToken)
    {
        var merged = pr.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.True;
        // A signed body may still hold another type where GitHub sends a number: reading it as one threw (a 500).
        var number = pr.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var value) ? value : (int?)null;
        if (Text(pr, "head", "ref") is { } head && await sessions.FindByBranchAsync(repository, head, cancellationToken) is { } session
            && (session.PullRequest is null || session.PullRequest.Number == number))
        {
            var change = new OutcomeChange(session.Id, merged ? Outcome.Merged : Outcome.Closed, time.GetUtcNow())
            {
                MergeCommitSha = merged ? Text(pr, "merge_commit_sha") : null,
                PullRequestOpenedAt = Text(pr, "created_at") is { } created && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            };
            await RecordAsync(change, session.Automation, changed, cancellationToken);
        }

        // GitHub's revert button opens a pull request whose body is "Reverts owner/name#N"; merging it reverts N.
        if (merged && Text(pr, "body") is { } body && RevertsPattern().Match(body) is { Success: true } match
            && string.Equals(match.Groups["repo"].Value, repository, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var revertedNumber)
            && await outcomes.FindMergedByNumberAsync(repository, revertedNumber, cancellationToken) is { } reverted)
        {
            await RecordAsync(new OutcomeChange(reverted.Id, Outcome.Reverted, time.GetUtcNow()), reverted.Automation, changed, cancellationToken);
        }
    }

    private async Task RecordAsync(OutcomeChange change, string automation, List<(string, string)> changed, CancellationToken cancellationToken)
    {
        if (await outcomes.RecordAsync(change, cancellationToken))
        {
            changed.Add((change.SessionId, automation));
        }
    }

    /// <summary>A push to the repository's default branch (any branch when the payload does not say which is the default).</summary>
    private static bool ToDefaultBranch(JsonElement payload) =>
        Text(payload, "repository", "default_branch") is not { } main || Text(payload, "ref") == $"refs/heads/{main}";

    /// <summary>The commits that the pushed commits' messages say they revert.</summary>
    private static List<string> RevertedCommits(JsonElement payload)
    {
        var shas = new List<string>();
        if (payload.TryGetProperty("commits", out var commits) && commits.ValueKind == JsonValueKind.Array)
        {
            foreach (var commit in commits.EnumerateArray())
            {
                if (Text(commit, "message") is { } message)
                {
                    shas.AddRange(RevertsCommitPattern().Matches(message).Select(x => x.Groups["sha"].Value.ToLowerInvariant()));
                }
            }
        }

        return [.. shas.Distinct(StringComparer.Ordinal).Take(100)];
    }

    private static string? Text(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    [GeneratedRegex(@"This reverts commit (?<sha>[0-9a-fA-F]{40})")]
    private static partial Regex RevertsCommitPattern();

    [GeneratedRegex(@"\bReverts (?<repo>[\w.-]+/[\w.-]+)#(?<number>\d{1,9})\b")]
    private static partial Regex RevertsPattern();
}
