using Automations.Core.Work;

namespace Automations.Core.Tests.Sessions;

/// <summary>The name a session shows for its repository: <c>owner/name</c> only for one that may be on GitHub.</summary>
public sealed class RepositoryNameTests
{
    [Theory]
    // owner/name under the configured git URL, wherever that is (a local folder in the tests).
    [InlineData("https://github.com/acme/web.git", "https://github.com", "acme/web")]
    [InlineData("/srv/git/acme/web.git", "/srv/git/", "acme/web")]
    [InlineData("/srv/git/acme/web.git", "/srv/git", "acme/web")]
    [InlineData("file:///srv/git/acme/web.git", "file:///srv/git", "acme/web")]
    // Any other URL keeps its owner/name.
    [InlineData("https://git.example.com/acme/web.git", "https://github.com", "acme/web")]
    // git's short form for SSH: the path after the colon, not the host before it.
    [InlineData("git@github.com:acme/web.git", "https://github.com", "acme/web")]
    [InlineData("git@github.com:acme/web", "https://github.com", "acme/web")]
    [InlineData("deploy@git.example.com:/srv/acme/web.git", "https://github.com", "acme/web")]
    [InlineData("git@github.com:", "https://github.com", "git@github.com:")]
    // A repository on this machine, outside the git URL: its folder's name alone.
    [InlineData("/home/me/automations/examples/demo-repo.git", "https://github.com", "demo-repo")]
    [InlineData("/srv/gitx/acme/web.git", "/srv/git", "web")]
    [InlineData("file:///home/me/demo-repo.git", "https://github.com", "demo-repo")]
    [InlineData("/demo.git", "https://github.com", "demo")]
    public void RepositoryName_NamesOwnerAndNameOnlyWhereGitHubMayHaveIt(string url, string gitUrl, string name) =>
        Assert.Equal(name, SessionPlanner.RepositoryName(url, gitUrl));
}
