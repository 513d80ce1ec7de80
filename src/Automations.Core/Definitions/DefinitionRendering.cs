using Automations.Core.Events;
using Automations.Core.Sessions;
using Automations.Core.Templates;

namespace Automations.Core.Definitions;

/// <summary>
/// Renders a definition's per-event names (the concurrency key, the session's branch, the repository) with plain
/// rendering (<see cref="TemplateRenderer.Render"/>). Pure; problems come back as values.
/// </summary>
public static class DefinitionRendering
{
    /// <summary>
    /// The concurrency group of the event within its automation: <see cref="ConcurrencySpec.Key"/> rendered,
    /// trimmed. Empty when the definition has no key (or it renders empty): one group for the whole automation.
    /// </summary>
    public static TemplateResult ConcurrencyKey(AutomationDefinition definition, TemplateContext context, TemplateRenderer? renderer = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        if (definition.Concurrency?.Key is not { } key)
        {
            return TemplateResult.Success("");
        }

        var rendered = (renderer ?? TemplateRenderer.Shared).Render(key, context);
        return rendered.Succeeded ? TemplateResult.Success(rendered.Text.Trim()) : TemplateResult.Failure($"'concurrency.key': {rendered.Error}");
    }

    /// <summary>
    /// The session's branch: <see cref="AutomationDefinition.Branch"/> rendered and trimmed, or
    /// <c>automations/&lt;automation&gt;/&lt;session id&gt;</c> when it is not set. A rendered name git would refuse is a
    /// failure. Needs <see cref="TemplateContext.SessionId"/>; <c>session.branch</c> is not known yet while rendering.
    /// </summary>
    public static TemplateResult Branch(AutomationDefinition definition, TemplateContext context, TemplateRenderer? renderer = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        if (context.SessionId is not { Length: > 0 } sessionId)
        {
            return TemplateResult.Failure("the branch needs the session's id");
        }

        string branch;
        if (definition.Branch is { } template)
        {
            var rendered = (renderer ?? TemplateRenderer.Shared).Render(template, context);
            if (!rendered.Succeeded)
            {
                return TemplateResult.Failure($"'branch': {rendered.Error}");
            }

            branch = rendered.Text.Trim();
        }
        else
        {
            branch = $"automations/{definition.Name}/{sessionId}";
        }

        return GitBranchName.Problem(branch) is { } problem
            ? TemplateResult.Failure($"'branch' renders '{branch}', which {problem}")
            : TemplateResult.Success(branch);
    }

    /// <summary>
    /// Where a session of <paramref name="definition"/> clones from for the event in <paramref name="context"/>:
    /// its <c>repository</c> rendered and resolved (<see cref="RepositoryLocation"/>; a path is relative to the
    /// definition's folder, <c>owner/name</c> lives under <paramref name="gitUrl"/>).
    /// </summary>
    public static TemplateResult RepositoryUrl(AutomationDefinition definition, TemplateContext context, string gitUrl)
    {
        var repository = TemplateRenderer.Shared.Render(definition.Repository, context);
        if (!repository.Succeeded)
        {
            return repository;
        }

        try
        {
            var definitionDirectory = Path.GetDirectoryName(Path.GetFullPath(definition.SourceFile)) ?? ".";
            return TemplateResult.Success(RepositoryLocation.Resolve(repository.Text!.Trim(), gitUrl, definitionDirectory));
        }
        catch (ArgumentException ex)
        {
            return TemplateResult.Failure(ex.Message);
        }
    }

    /// <summary>What a session's templates see: the event, the automation, the session's id and branch.</summary>
    public static TemplateContext Context(TriggerEvent triggerEvent, AutomationDefinition definition, string sessionId, string? branch) => new()
    {
        Event = triggerEvent,
        AutomationName = definition.Name,
        AutomationDescription = definition.Description,
        SessionId = sessionId,
        SessionBranch = branch,
    };

    /// <summary>
    /// The session's concurrency key as its planner will render it, for the store to know the key from the
    /// session's creation; null when the definition has none, or when it does not render (the planner then
    /// ends the session with the error).
    /// </summary>
    public static string? SessionKey(AutomationDefinition definition, TriggerEvent triggerEvent, string sessionId)
    {
        if (definition.Concurrency?.Key is null || Branch(definition, Context(triggerEvent, definition, sessionId, null)) is not { Succeeded: true } branch)
        {
            return null;
        }

        var key = ConcurrencyKey(definition, Context(triggerEvent, definition, sessionId, branch.Text));
        return key.Succeeded && key.Text.Length > 0 ? key.Text : null;
    }
}
