namespace Automations.Core.Templates;

/// <summary>A problem at a place in a template's text: <paramref name="Offset"/> and <paramref name="Length"/> of what is wrong.</summary>
public sealed record TemplateProblem(int Offset, int Length, string Message);
