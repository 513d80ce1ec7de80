namespace Automations.Core.Sessions;

/// <summary>One choice of a <see cref="StructuredQuestion"/>: its label, which is the answer, and what it means.</summary>
public sealed record QuestionOption(string Label, string? Description);
