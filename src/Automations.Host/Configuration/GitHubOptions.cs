namespace Automations.Host.Configuration;

public sealed class GitHubOptions
{
    /// <summary>Where <c>owner/name</c> repositories live: <c>{GitUrl}/{owner}/{name}.git</c>. Default <c>https://github.com</c>.</summary>
    public string GitUrl { get; set; } = "https://github.com";
}
