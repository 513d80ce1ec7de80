using Automations.Core.Sessions;

namespace Automations.Core.Tests.Sessions;

/// <summary>Repository URLs as logs show them: never with the user or password a configured URL may carry.</summary>
public sealed class RepositoryLocationTests
{
    [Theory]
    [InlineData("https://x-access-token:ghs_s3cret@github.example.com/acme/web.git", "https://github.example.com/acme/web.git")]
    [InlineData("https://ghp_s3cret@github.example.com:8443/acme/web.git", "https://github.example.com:8443/acme/web.git")]
    [InlineData("http://user:p%40ss@127.0.0.1:9/acme/web.git?x=1#y", "http://127.0.0.1:9/acme/web.git?x=1#y")]
    [InlineData("https://user:p@ss@github.example.com/acme/web.git", "https://github.example.com/acme/web.git")]
    [InlineData("ssh://git:s3cret@host/acme/web.git", "ssh://host/acme/web.git")]
    [InlineData("https://github.example.com/acme/web.git", "https://github.example.com/acme/web.git")]
    [InlineData("https://github.example.com/acme/web@v2.git", "https://github.example.com/acme/web@v2.git")]
    [InlineData("git@github.com:acme/web.git", "git@github.com:acme/web.git")]
    [InlineData("/srv/git/acme/web.git", "/srv/git/acme/web.git")]
    public void WithoutUserInfo_Url_KeepsAllButItsUserAndPassword(string url, string shown) =>
        Assert.Equal(shown, RepositoryLocation.WithoutUserInfo(url));

    [Fact]
    public void WithoutUserInfo_MessageWithUrls_LeavesOutTheUserInfoOfEach()
    {
        var message = "git fetch failed (128): fatal: unable to access 'https://u:s3cret@a.example/x.git/': refused; also https://t0ken@b.example/y.git";

        Assert.Equal(
            "git fetch failed (128): fatal: unable to access 'https://a.example/x.git/': refused; also https://b.example/y.git",
            RepositoryLocation.WithoutUserInfo(message));
    }
}
