namespace Automations.Integrations.GitHub;

/// <summary>
/// A check run's <c>output</c> as it is sent: title and summary (markdown), an optional text, and at most
/// <see cref="MaxAnnotations"/> annotations; GitHub adds the annotations of each update to those it has.
/// </summary>
public sealed record CheckRunOutputDraft(string Title, string Summary, string? Text, IReadOnlyList<CheckRunAnnotationDraft> Annotations)
{
    /// <summary>GitHub takes at most 50 annotations per request.</summary>
    public const int MaxAnnotations = 50;
}
