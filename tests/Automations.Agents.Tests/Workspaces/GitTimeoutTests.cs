using System.Net;
using System.Net.Sockets;
using Automations.Agents.Workspaces;
using Automations.Testing;

namespace Automations.Agents.Tests.Workspaces;

/// <summary>A git command that outlives <see cref="Git.Timeout"/> is killed, and its error tells the timeout as a person writes it.</summary>
public sealed class GitTimeoutTests
{
    [Fact]
    public async Task ARemoteThatNeverAnswers_TimesOut_WithTheTimeoutInSeconds()
    {
        using var directory = new TempDirectory("git-timeout");

        // A server that takes the connection and never says a word.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptSocketAsync();
        var git = new Git(TimeProvider.System) { Timeout = TimeSpan.FromMilliseconds(500) };

        var error = await Assert.ThrowsAsync<GitException>(
            () => git.RunAsync(directory.Path, ["ls-remote", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/acme/web.git"], CancellationToken.None));

        Assert.Equal("git ls-remote timed out after 0.5s.", error.Message);
        (await accepted).Dispose();
    }
}
