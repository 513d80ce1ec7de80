namespace Automations.Core.Definitions.Actions;

/// <summary><c>pull_request: { title, body, draft, labels, reviewers }</c>: opens a pull request from the session's branch, or updates the one that is open.</summary>
public sealed record PullRequestAction : ActionSpec
{
    public const string DefaultTitle = "{{ automation.name }}: {{ event.subject.title }}";

    /// <summary>A template over <c>event</c>, <c>automation</c> and <c>session</c>.</summary>
    public string Title { get; init; } = DefaultTitle;

    /// <summary>A template; the engine adds the session's summary and a link to it below.</summary>
    public string? Body { get; init; }

    public bool Draft { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Logins, and teams as <c>org/team</c>.</summary>
    public IReadOnlyList<string> Reviewers { get; init; } = [];
}
