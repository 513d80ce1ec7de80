using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sources.Linear;
using Automations.Core.Templates;

namespace Automations.Core.Work;

/// <summary>
/// A triggered session's first prompt, as its agent gets it: the definition's instructions rendered over the
/// event, with text from outside the automation (issue bodies, comments, messages) fenced as untrusted data,
/// then what the provider adds (a Sentry stack trace), fenced too. The runner builds it here, and so does the
/// dry run (<c>automations test</c>), so what the dry run shows is what the agent reads.
/// </summary>
public static class SessionPrompt
{
    /// <summary>The instructions rendered over <paramref name="context"/>, untrusted text fenced, with the notice that says so.</summary>
    public static TemplateResult Instructions(AutomationDefinition definition, TemplateContext context) =>
        TemplateRenderer.Shared.RenderInstructions(definition.Instructions, context);

    /// <summary>
    /// <paramref name="instructions"/>, then what a Linear agent session asks (<see cref="LinearAgentPrompt"/>),
    /// then what the provider adds for <paramref name="triggerEvent"/>, if anything; each fenced. The notice that
    /// explains the fences comes first whenever the prompt holds one, also when only these parts do.
    /// </summary>
    public static string WithTriggerContext(string instructions, TriggerEvent triggerEvent, TriggerContextText? extra)
    {
        var prompt = instructions;
        if (LinearAgentPrompt.For(triggerEvent) is { } request)
        {
            prompt = $"{prompt}\n\n{request}";
        }

        if (extra is not null)
        {
            prompt = $"{prompt}\n\n{extra.Label}:\n{UntrustedData.Fence(extra.Text, triggerEvent.Source, extra.Author, "latest_event")}";
        }

        return prompt.StartsWith(UntrustedData.Notice, StringComparison.Ordinal) ? prompt : UntrustedData.WithNotice(prompt);
    }
}
