using System.Collections.Frozen;

namespace Automations.Core.Templates;

/// <summary>
/// Every value a template sees (<see cref="TemplateContext"/>): the event as JSON, the automation, the session and,
/// once there is one, its pull request. <c>event.payload</c> is the provider's own body: any path below it is allowed.
/// </summary>
public static class TemplateVariables
{
    public static IReadOnlyList<TemplateVariable> All { get; } =
    [
        new("event", "the event that started the session, as JSON when written whole"),
        new("event.source", "github, sentry, linear, slack, webhook or schedule"),
        new("event.kind", "such as github.issues.labeled, sentry.issue.created, linear.Issue.create, slack.app_mention, webhook.deploys, schedule"),
        new("event.deliveryId", "the provider's delivery id (for a schedule, schedule:<automation>:<instant>)"),
        new("event.occurredAt", "when it happened, ISO 8601"),
        new("event.repository", "owner/name where the source knows one"),
        new("event.actor", "the login or name of whoever caused it"),
        new("event.subject", "what the event is about, as JSON when written whole"),
        new("event.subject.type", "issue, pull_request, check_run, comment, message, ..."),
        new("event.subject.id", "its id at the provider"),
        new("event.subject.number", "its number (GitHub issues and pull requests, Linear issues)"),
        new("event.subject.title", "its title"),
        new("event.subject.url", "where people see it"),
        new("event.subject.labels", "its labels, a list"),
        new("event.subject.state", "open, closed, unresolved, ..."),
        new("event.subject.severity", "Sentry's level (error, fatal, ...)"),
        new("event.payload", "the provider's delivery body as it arrived; any path below it, such as event.payload.issue.body", Open: true),
        new("automation", "this automation"),
        new("automation.name", "its name"),
        new("automation.description", "its description"),
        new("session", "the session"),
        new("session.id", "its id"),
        new("session.branch", "its branch (not yet known while the branch itself is rendered)"),
        new("session.status", "its status, in actions' texts"),
        new("session.url", "its page in the console, when Automations:PublicUrl is set"),
        new("session.costUsd", "what its agent has spent so far, in US dollars"),
        new("pull_request", "the session's pull request, in actions after pull_request"),
        new("pull_request.number", "its number"),
        new("pull_request.url", "its address"),
    ];

    private static readonly FrozenDictionary<string, TemplateVariable> ByPath = All.ToFrozenDictionary(v => v.Path, StringComparer.Ordinal);

    /// <summary>The roots: event, automation, session, pull_request.</summary>
    public static IReadOnlyList<string> Roots { get; } = [.. All.Where(v => !v.Path.Contains('.', StringComparison.Ordinal)).Select(v => v.Path)];

    /// <summary>The variable at exactly <paramref name="path"/>, or null.</summary>
    public static TemplateVariable? Find(string path) => ByPath.GetValueOrDefault(path);

    /// <summary>The names directly below <paramref name="parent"/> (the roots for an empty parent).</summary>
    public static IEnumerable<string> Children(string parent) =>
        parent.Length == 0
            ? Roots
            : All.Where(v => v.Path.Length > parent.Length + 1 && v.Path.StartsWith(parent + ".", StringComparison.Ordinal)
                && !v.Path.AsSpan(parent.Length + 1).Contains('.')).Select(v => v.Path[(parent.Length + 1)..]);
}
