namespace Automations.Core.Sessions;

/// <summary>
/// A question the agent asked with choices, in the shape of Claude Code's <c>AskUserQuestion</c> input:
/// <c>{question, header, options: [{label, description}], multiSelect}</c>. A question without options is
/// answered in free text.
/// </summary>
/// <param name="Question">The question itself.</param>
/// <param name="Header">A short name for it (a tab, a line of the answer); null when the agent gave none.</param>
/// <param name="Options">The choices; empty for a free-text question.</param>
/// <param name="MultiSelect">Any number of the choices may be picked, not one.</param>
public sealed record StructuredQuestion(string Question, string? Header, IReadOnlyList<QuestionOption> Options, bool MultiSelect)
{
    /// <summary>What an answer's line names it by: its header, or the question when it has none.</summary>
    public string Name => Header is { Length: > 0 } header ? header : Question;
}
