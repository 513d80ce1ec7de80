using Automations.Core.Events;

namespace Automations.Core.Templates;

/// <summary>
/// What a template sees: <c>event</c> (the event as JSON, camelCase, payload included),
/// <c>automation</c> (<c>name</c>, <c>description</c>) and <c>session</c> (<c>id</c>, <c>branch</c>).
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
        },
    };
}
