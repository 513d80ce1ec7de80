namespace Automations.Integrations.GitHub;

public sealed record CheckRunOutput(string? Title, string? Summary, string? Text, int AnnotationsCount);
