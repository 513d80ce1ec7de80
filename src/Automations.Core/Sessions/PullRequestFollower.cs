using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Outcomes;
using Automations.Core.Ports;

namespace Automations.Core.Sessions;

/// <summary>
/// Routes GitHub deliveries about a session's pull request (<c>pull_request</c>, <c>pull_request_review</c>,
/// <c>check_run</c>, <c>check_suite</c>, <c>workflow_run</c>) to the session whose branch they name: each
/// becomes a <c>pull_request</c> event on it, which wakes its job, and moves its status when nothing
/// outranks it. A dead agent outranks the agent's activity, which outranks the pull request's state: while
/// the session is <c>working</c>, <c>stuck</c> or <c>needs_input</c>, the event is kept and the status
/// stays. A <c>push</c> to a branch goes, as <see cref="PullRequestFact.Moved"/>, to every session whose pull
/// request is open against it: its base moved, and it may no longer merge. A delivery is routed once, however
/// often it comes (its id is on the event). How the pull request
/// ended (merged, closed, reverted later) is recorded by <see cref="OutcomeFollower"/>, when one is given.
/// </summary>
public sealed class PullRequestFollower(ISessionStore sessions, OutcomeFollower? outcomes = null) : IEventObserver
{
    private static readonly HashSet<string> FailedConclusions = new(StringComparer.Ordinal) { "failure", "timed_out", "cancelled", "action_required", "startup_failure" };

    /// <summary>The statuses a pull request's events move between.</summary>
    private static readonly HashSet<string> Following = new(StringComparer.Ordinal)
    {
        SessionStatus.PrOpen, SessionStatus.CiFailed, SessionStatus.ReviewPending, SessionStatus.ChangesRequested,
        SessionStatus.Approved, SessionStatus.Mergeable, SessionStatus.Done,
    };

    Task IEventObserver.ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken) => FollowAsync(triggerEvent, cancellationToken);

    /// <summary>Routes the delivery to its session; the id of the session it moved, or null when it named none (or is of a kind this does not follow).</summary>
    public async Task<string?> FollowAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        var moved = BasePushed(triggerEvent) is { } pushed ? await RouteBaseAsync(triggerEvent, pushed, cancellationToken) : await RouteAsync(triggerEvent, cancellationToken);
        if (outcomes is not null)
        {
            await outcomes.FollowAsync(triggerEvent, cancellationToken);
        }

        return moved;
    }

    /// <summary>A push to a branch: each session whose pull request is open against it is told its base moved; the first of them.</summary>
    private async Task<string?> RouteBaseAsync(TriggerEvent triggerEvent, (string Repository, string Branch, string? After) pushed, CancellationToken cancellationToken)
    {
        string? first = null;
        foreach (var session in await sessions.ListOpenOnBaseAsync(pushed.Repository, pushed.Branch, cancellationToken))
        {
            if (session.Branch is { } branch && session.PullRequest is { } pullRequest)
            {
                var fact = new PullRequestFact(PullRequestFact.Moved, branch) { Number = (int)pullRequest.Number, Url = pullRequest.Url, Name = $"{pushed.Branch} moved to {pushed.After}" };
                first ??= await PostAsync(session, fact, triggerEvent, cancellationToken);
            }
        }

        return first;
    }

    /// <summary>The repository and branch a <c>push</c> moved, and the commit it moved to; null for any other delivery, a tag or a deleted branch.</summary>
    private static (string Repository, string Branch, string? After)? BasePushed(TriggerEvent triggerEvent) =>
        triggerEvent is { Source: "github", Kind: "github.push", Repository: { } repository }
            && Text(triggerEvent.Payload, "ref") is { } reference && reference.StartsWith("refs/heads/", StringComparison.Ordinal)
            && !Bool(triggerEvent.Payload, "deleted")
            ? (repository, reference["refs/heads/".Length..], Text(triggerEvent.Payload, "after"))
            : null;

    private async Task<string?> RouteAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        if (triggerEvent.Source != "github" || Read(triggerEvent) is not { } fact || triggerEvent.Repository is not { } repository)
        {
            return null;
        }

        var session = await sessions.FindByBranchAsync(repository, fact.Branch, cancellationToken);
        return session is null ? null : await PostAsync(session, fact, triggerEvent, cancellationToken);
    }

    private async Task<string?> PostAsync(Session session, PullRequestFact fact, TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        if (session.Status is SessionStatus.Merged or SessionStatus.Killed or SessionStatus.Cleanup)
        {
            return null;
        }

        // What follows needs only the pull request's own events: read by type, not the whole log with the agent's output.
        var events = await sessions.GetEventPageAsync(session.Id, 0, int.MaxValue, [SessionEventTypes.PullRequest], cancellationToken);
        if (events.Any(e => e.Type == SessionEventTypes.PullRequest && e.Data.TryGetProperty("deliveryId", out var id) && id.GetString() == triggerEvent.DeliveryId))
        {
            return session.Id;
        }

        var status = Status(session, fact, events);
        var change = new SessionChange
        {
            Status = status?.Status,
            Error = status?.Status == SessionStatus.Done ? status.Value.Reason : null,
            PullRequest = fact.Number is { } number && fact.Url is { } url && session.PullRequest is null ? new PullRequestRef(number, url) : null,
        };
        var data = JsonSerializer.SerializeToElement(fact with { DeliveryId = triggerEvent.DeliveryId, Status = status?.Status, Reason = status?.Reason }, EventJson.Options);

        // The job wakes: it tells the Slack thread, starts a follow-up turn for failed CI, requested changes or conflicts, or cleans up.
        await sessions.PostAsync(session.Id, [new SessionEventDraft(SessionEventTypes.PullRequest, data, change)], cancellationToken);
        return session.Id;
    }

    private static (string Status, string Reason)? Status(Session session, PullRequestFact fact, IReadOnlyList<SessionEvent> events)
    {
        if (fact.Kind == PullRequestFact.Merged)
        {
            // A merge is final whatever else is going on.
            return (SessionStatus.Merged, $"pull request #{fact.Number} was merged");
        }

        if (!Following.Contains(session.Status) || (session.Status == SessionStatus.Done && session.PullRequest is null && fact.Kind != PullRequestFact.Opened))
        {
            return null;
        }

        return fact.Kind switch
        {
            PullRequestFact.Closed => (SessionStatus.Done, $"pull request #{fact.Number} was closed without merging"),
            PullRequestFact.Opened => (SessionStatus.PrOpen, $"pull request #{fact.Number} is open"),
            PullRequestFact.CiFailed => (SessionStatus.CiFailed, $"{fact.Name ?? "CI"} concluded {fact.Conclusion}"),
            PullRequestFact.CiPassed => Approved(events) ? (SessionStatus.Mergeable, "CI passed and the pull request is approved") : (SessionStatus.ReviewPending, "CI passed; waiting for a review"),
            PullRequestFact.ChangesRequested => (SessionStatus.ChangesRequested, $"{fact.Reviewer ?? "a reviewer"} requested changes"),
            PullRequestFact.Approved => Passed(events) ? (SessionStatus.Mergeable, "approved and CI passed") : (SessionStatus.Approved, $"{fact.Reviewer ?? "a reviewer"} approved"),
            _ => null,
        };
    }

    private static bool Approved(IReadOnlyList<SessionEvent> events) => LastOf(events, PullRequestFact.Approved, PullRequestFact.ChangesRequested) == PullRequestFact.Approved;

    private static bool Passed(IReadOnlyList<SessionEvent> events) => LastOf(events, PullRequestFact.CiPassed, PullRequestFact.CiFailed) == PullRequestFact.CiPassed;

    private static string? LastOf(IReadOnlyList<SessionEvent> events, params string[] kinds) => events
        .Where(e => e.Type == SessionEventTypes.PullRequest && e.Data.TryGetProperty("kind", out var k) && kinds.Contains(k.GetString()))
        .Select(e => e.Data.GetProperty("kind").GetString())
        .LastOrDefault();

    /// <summary>What the delivery says about a pull request, or null when it says nothing this follows.</summary>
    public static PullRequestFact? Read(TriggerEvent triggerEvent)
    {
        var payload = triggerEvent.Payload;
        var parts = triggerEvent.Kind.Split('.');
        if (parts.Length < 2 || payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var action = parts.Length > 2 ? parts[2] : null;
        switch (parts[1])
        {
            case "pull_request" when Object(payload, "pull_request", out var pr):
                var kind = action switch
                {
                    "closed" => Bool(pr, "merged") ? PullRequestFact.Merged : PullRequestFact.Closed,
                    "opened" or "reopened" or "ready_for_review" => PullRequestFact.Opened,
                    "synchronize" => PullRequestFact.Moved,
                    _ => null,
                };
                return kind is null || HeadRef(pr) is not { } head ? null : new PullRequestFact(kind, head) { Number = Int(pr, "number"), Url = Text(pr, "html_url"), HeadSha = HeadSha(pr) };
            case "pull_request_review" when action == "submitted" && Object(payload, "pull_request", out var reviewed) && Object(payload, "review", out var review):
                var state = Text(review, "state")?.ToLowerInvariant();
                var reviewKind = state switch { "changes_requested" => PullRequestFact.ChangesRequested, "approved" => PullRequestFact.Approved, _ => null };
                return reviewKind is null || HeadRef(reviewed) is not { } reviewedHead ? null : new PullRequestFact(reviewKind, reviewedHead)
                {
                    Number = Int(reviewed, "number"), Url = Text(reviewed, "html_url"), HeadSha = HeadSha(reviewed), ReviewId = Long(review, "id"),
                    Reviewer = Object(review, "user", out var user) ? Text(user, "login") : null, Body = Text(review, "body"),
                };
            case "check_run" when action == "completed" && Object(payload, "check_run", out var run):
                var runBranch = Object(run, "check_suite", out var suite) ? Text(suite, "head_branch") : null;
                var conclusion = Text(run, "conclusion");
                return runBranch is null || conclusion is null || !FailedConclusions.Contains(conclusion) ? null : new PullRequestFact(PullRequestFact.CiFailed, runBranch)
                {
                    HeadSha = Text(run, "head_sha"), Conclusion = conclusion, Name = Text(run, "name"), CheckRunId = Long(run, "id"), Url = Text(run, "html_url"),
                };
            case "check_suite" when action == "completed" && Object(payload, "check_suite", out var checkSuite):
                return Ci(Text(checkSuite, "head_branch"), Text(checkSuite, "head_sha"), Text(checkSuite, "conclusion"), "checks", Text(checkSuite, "url"));
            case "workflow_run" when action == "completed" && Object(payload, "workflow_run", out var workflow):
                return Ci(Text(workflow, "head_branch"), Text(workflow, "head_sha"), Text(workflow, "conclusion"), Text(workflow, "name"), Text(workflow, "html_url"));
            default:
                return null;
        }
    }

    private static PullRequestFact? Ci(string? branch, string? sha, string? conclusion, string? name, string? url) =>
        branch is null || conclusion is null ? null
        : conclusion == "success" ? new PullRequestFact(PullRequestFact.CiPassed, branch) { HeadSha = sha, Conclusion = conclusion, Name = name, Url = url }
        : FailedConclusions.Contains(conclusion) ? new PullRequestFact(PullRequestFact.CiFailed, branch) { HeadSha = sha, Conclusion = conclusion, Name = name, Url = url }
        : null;

    /// <summary>
    /// The object at <paramref name="name"/>: a signed body may still hold null or another type where GitHub
    /// sends an object, and reading into it threw (a 500 on every redelivery).
    /// </summary>
    private static bool Object(JsonElement e, string name, out JsonElement value)
    {
        value = default;
        return e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;
    }

    private static string? HeadRef(JsonElement pr) => Object(pr, "head", out var head) ? Text(head, "ref") : null;

    private static string? HeadSha(JsonElement pr) => Object(pr, "head", out var head) ? Text(head, "sha") : null;

    private static string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    private static long? Long(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static bool Bool(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
