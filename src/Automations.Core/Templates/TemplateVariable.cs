namespace Automations.Core.Templates;

/// <summary>One value a template can name, such as <c>event.subject.title</c>, and what it holds.</summary>
/// <param name="Path">The dotted path from the model's root.</param>
/// <param name="Description">What it holds, for the reference and the schema.</param>
/// <param name="Open">True when any path below it is the provider's to define (<c>event.payload</c>).</param>
public sealed record TemplateVariable(string Path, string Description, bool Open = false);
