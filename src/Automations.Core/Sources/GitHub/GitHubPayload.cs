using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.GitHub;

/// <summary>
/// Reads the subject and the time of a GitHub event from its payload, by event name. Best effort:
/// missing or oddly typed fields give nulls, and an event not named here still gets a subject.
/// </summary>
internal static class GitHubPayload
{
    private const string PullRequestType = "pull_request";
    private const string Merged = "merged";

    public static EventSubject Subject(string eventName, JsonElement payload) => eventName switch
    {
        "issues" or "issue_comment" => Issue(payload.Child("issue")),
        "pull_request" or "pull_request_review" or "pull_request_review_comment" or "pull_request_review_thread" =>
            PullRequest(payload.Child("pull_request")),
        "check_suite" => Run(eventName, payload.Child(eventName), title: "head_branch"),
        "check_run" or "workflow_job" => Run(eventName, payload.Child(eventName), title: "name"),
        "workflow_run" => Run(eventName, payload.Child(eventName), title: "display_title", fallbackTitle: "name"),
        "push" => Push(payload),
        _ => Generic(eventName, payload.Child(eventName)),
    };

    /// <summary>The most specific time the payload gives for what happened, or null when it has none.</summary>
    public static DateTimeOffset? OccurredAt(string eventName, JsonElement payload) => eventName switch
    {
        "issues" => Updated(payload.Child("issue")),
        "issue_comment" => Updated(payload.Child("comment")) ?? Updated(payload.Child("issue")),
        "pull_request" or "pull_request_review_thread" => Updated(payload.Child("pull_request")),
        "pull_request_review" =>
            payload.At("review", "submitted_at").AsTimestamp() ?? Updated(payload.Child("pull_request")),
        "pull_request_review_comment" => Updated(payload.Child("comment")) ?? Updated(payload.Child("pull_request")),
        "check_run" or "workflow_job" =>
            payload.At(eventName, "completed_at").AsTimestamp() ?? payload.At(eventName, "started_at").AsTimestamp(),
        "check_suite" or "workflow_run" => Updated(payload.Child(eventName)),
        "push" => payload.At("head_commit", "timestamp").AsTimestamp(),
        _ => Updated(payload.Child(eventName)),
    };

    /// <summary>An issue, or a pull request seen as an issue (<c>issue_comment</c> on a pull request has <c>issue.pull_request</c>).</summary>
    private static EventSubject Issue(JsonElement issue)
    {
        var pullRequest = issue.Child("pull_request");
        var isPullRequest = pullRequest.IsObject();
        var merged = isPullRequest && pullRequest.Child("merged_at").AsString() is not null;
        return new EventSubject
        {
            Type = isPullRequest ? PullRequestType : "issue",
            Id = issue.Child("number").AsIdText(),
            Number = issue.Child("number").AsInt64(),
            Title = issue.Child("title").AsString(),
            Url = issue.Child("html_url").AsString(),
            Labels = issue.Child("labels").NamesOf("name"),
            State = merged ? Merged : issue.Child("state").AsString(),
        };
    }

    /// <summary>A pull request; closed and merged reads as <c>merged</c>. Review payloads carry <c>merged_at</c> but no <c>merged</c>.</summary>
    private static EventSubject PullRequest(JsonElement pullRequest)
    {
        var merged = pullRequest.Child("merged").AsBoolean() == true
            || pullRequest.Child("merged_at").AsString() is not null;
        return new EventSubject
        {
            Type = PullRequestType,
            Id = pullRequest.Child("number").AsIdText(),
            Number = pullRequest.Child("number").AsInt64(),
            Title = pullRequest.Child("title").AsString(),
            Url = pullRequest.Child("html_url").AsString(),
            Labels = pullRequest.Child("labels").NamesOf("name"),
            State = merged ? Merged : pullRequest.Child("state").AsString(),
        };
    }

    /// <summary>A check suite, check run, workflow run or job: its state is the conclusion once there is one, else the status.</summary>
    private static EventSubject Run(string type, JsonElement run, string title, string? fallbackTitle = null) => new()
    {
        Type = type,
        Id = run.Child("id").AsIdText(),
        Title = run.Child(title).AsString() ?? (fallbackTitle is null ? null : run.Child(fallbackTitle).AsString()),
        Url = run.Child("html_url").AsString(),
        State = run.Child("conclusion").AsString() ?? run.Child("status").AsString(),
    };

    /// <summary>A push: the commit it moved the ref to, the head commit's first line, the compare view.</summary>
    private static EventSubject Push(JsonElement payload) => new()
    {
        Type = "push",
        Id = payload.Child("after").AsString(),
        Title = FirstLine(payload.At("head_commit", "message").AsString()),
        Url = payload.Child("compare").AsString(),
    };

    /// <summary>Any other event: the payload's object of the same name (<c>release</c>, <c>discussion</c>, ...), when it has one.</summary>
    private static EventSubject Generic(string eventName, JsonElement item) => new()
    {
        Type = eventName,
        Id = item.Child("number").AsIdText() ?? item.Child("id").AsIdText(),
        Number = item.Child("number").AsInt64(),
        Title = item.Child("title").AsString() ?? item.Child("name").AsString(),
        Url = item.Child("html_url").AsString(),
        Labels = item.Child("labels").NamesOf("name"),
        State = item.Child("state").AsString(),
    };

    private static DateTimeOffset? Updated(JsonElement item) => item.Child("updated_at").AsTimestamp();

    private static string? FirstLine(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var end = text.AsSpan().IndexOfAny('\r', '\n');
        var line = (end < 0 ? text : text[..end]).Trim();
        return line.Length == 0 ? null : line;
    }
}
