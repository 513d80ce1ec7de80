using System.Diagnostics.CodeAnalysis;

namespace Automations.Core.Templates;

/// <summary>A rendered template, or why it could not be rendered.</summary>
public sealed record TemplateResult
{
    private TemplateResult(string? text, string? error)
    {
        Text = text;
        Error = error;
    }

    public string? Text { get; }

    /// <summary>Why the template did not compile or render, in one line.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Text))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static TemplateResult Success(string text) => new(text, error: null);

    public static TemplateResult Failure(string error) => new(text: null, error);
}
