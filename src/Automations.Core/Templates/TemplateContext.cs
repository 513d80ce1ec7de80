using Automations.Core.Events;

namespace Automations.Core.Templates;

/// <summary>
/// What a template sees: <c>event</c> (the event as JSON, camelCase, payload included),
/// <c>automation</c> (<c>name</c>, <c>description</c>), <c>session</c> (<c>id</c>, <c>branch</c>, <c>status</c>,
/// <c>url</c>, <c>costUsd</c>) and, once there is one, <c>pull_request</c> (<c>number</c>, <c>url</c>).
/// The object tree is built once per context, so render every template of one event with one context.
/// </summary>
public sealed class TemplateContext
{
    private Dictionary<string, object?>? _model;
    private Dictionary<string, object?>? _promptModel;

    public required TriggerEvent Event { get; init; }

    public required string AutomationName { get; init; }

    public string? AutomationDescription { get; init; }

    /// <summary>Null before a session exists (a dry run): <c>{{ session.id }}</c> renders empty.</summary>
    public string? SessionId { get; init; }

    public string? SessionBranch { get; init; }

    /// <summary>The session's status, for actions' texts; null in prompts.</summary>
    public string? SessionStatus { get; init; }

    /// <summary>Where the session can be seen; null when the engine has no public address.</summary>
    public string? SessionUrl { get; init; }

    public decimal? SessionCostUsd { get; init; }

    /// <summary>The session's pull request, once it has one.</summary>
    public Sessions.PullRequestRef? PullRequest { get; init; }

    internal Dictionary<string, object?> Model => LazyInitializer.EnsureInitialized(ref _model, BuildModel);

    /// <summary>The model for agents' prompts: <see cref="Model"/> with text from outside the automation marked (<see cref="Templates.PromptModel"/>).</summary>
    internal Dictionary<string, object?> PromptModel => LazyInitializer.EnsureInitialized(ref _promptModel, () => Templates.PromptModel.From(this, Model));

    private Dictionary<string, object?> BuildModel() => new(StringComparer.Ordinal)
    {
        ["event"] = TemplateModel.FromEvent(Event),
        ["automation"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = AutomationName,
            ["description"] = AutomationDescription,
        },
        ["session"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = SessionId,
            ["branch"] = SessionBranch,
            ["status"] = SessionStatus,
            ["url"] = SessionUrl,
            ["costUsd"] = SessionCostUsd,
        },
        ["pull_request"] = PullRequest is { } pr
            ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["number"] = pr.Number, ["url"] = pr.Url }
            : null,
    };
}
