namespace Automations.Integrations.GitHub;

/// <summary>
/// An annotation as it is sent: a file, lines, a level (<c>notice</c>, <c>warning</c>, <c>failure</c>) and a
/// message. GitHub takes columns only when the annotation is on one line.
/// </summary>
public sealed record CheckRunAnnotationDraft(string Path, int StartLine, int EndLine, string AnnotationLevel, string Message)
{
    public int? StartColumn { get; init; }

    public int? EndColumn { get; init; }

    public string? Title { get; init; }

    /// <summary>One line, at <paramref name="column"/> (1-based; none when 0 or less).</summary>
    public static CheckRunAnnotationDraft At(string path, int line, int column, string level, string message, string? title = null) =>
        new(path, Math.Max(1, line), Math.Max(1, line), level, message)
        {
            StartColumn = column > 0 ? column : null,
            EndColumn = column > 0 ? column : null,
            Title = title,
        };
}
