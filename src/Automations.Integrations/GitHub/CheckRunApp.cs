namespace Automations.Integrations.GitHub;

/// <summary>The app that made a check run: GitHub Actions (<c>github-actions</c>), or another CI or linter.</summary>
public sealed record CheckRunApp(long Id, string Slug, string? Name)
{
    public const string ActionsSlug = "github-actions";
}
