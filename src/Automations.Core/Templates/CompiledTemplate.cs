using HandlebarsDotNet;

namespace Automations.Core.Templates;

/// <summary>A template as cached: its compiled form, or why it does not compile.</summary>
internal sealed record CompiledTemplate(HandlebarsTemplate<object, object>? Template, string? Error);
