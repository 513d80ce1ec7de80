namespace Automations.Integrations.GitHub;

/// <summary>A check run's annotation: a file, its lines, a level (<c>notice</c>, <c>warning</c>, <c>failure</c>) and a message.</summary>
public sealed record CheckRunAnnotation(
    string Path,
    int StartLine,
    int EndLine,
    string AnnotationLevel,
    string Message,
    string? Title,
    string? RawDetails);
