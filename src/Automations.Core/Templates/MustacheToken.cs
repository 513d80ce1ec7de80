namespace Automations.Core.Templates;

/// <summary>One word of a mustache: a path, a literal, a <c>key=value</c> or a helper's name, at its offset in the template.</summary>
internal sealed record MustacheToken(string Text, int Offset, bool IsHelper = false);
