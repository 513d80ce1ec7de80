using System.Collections.Concurrent;
using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Automations.Testing;
using Automations.Testing.Fakes;

namespace Automations.Agents.Tests.Workspaces;

/// <summary>Clone, fetch and push over HTTPS against a real git server that requires the token, which must show up nowhere else.</summary>
public sealed class GitCredentialTests : IAsyncLifetime
{
    private const string Token = "ghs_gitOverHttpTestToken0123456789";
    private readonly TempDirectory _directory = new("git-credential");
    private GitHttpServer _server = null!;

    private string RemoteUrl => new Uri(_server.Url, "acme/web.git").ToString();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory.Combine("served", "acme"));
        GitRepository.CreateBare(_directory.Combine("served", "acme", "web.git"), new Dictionary<string, string> { ["README.md"] = "hello\n" });
        _server = await GitHttpServer.StartAsync(_directory.Combine("served"), "x-access-token", Token);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    private Mirrors Mirrors(IGitCredentials? credentials) => TestSandbox.Mirrors(_directory.Combine("data"), TestSandbox.Default(_directory.Path), credentials);

    private GitWorkspaceProvider Provider(Mirrors mirrors) => new(mirrors, _directory.Combine("data", "workspaces"));

    [Fact]
    public async Task PrepareAndPush_WithTheToken_CloneFetchAndPushWorkAndTheTokenIsNowhereElse()
    {
        var credentials = new Credentials(Token);
        var mirrors = Mirrors(credentials);
        var provider = Provider(mirrors);

        var workspace = await provider.PrepareAsync(new WorkspaceRequest("s1", RemoteUrl, "main", "automations/fix/s1"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var push = await new GitSourceControl(mirrors).CommitAndPushAsync(workspace, new CommitInfo("fix it", "Automations", "bot@example.com"), CancellationToken.None);
        await provider.PrepareAsync(new WorkspaceRequest("s2", RemoteUrl, "main", "automations/fix/s2"), CancellationToken.None);

        Assert.True(push.HasChanges);
        Assert.Equal("fixed", GitRepository.Show(_directory.Combine("served", "acme", "web.git"), "automations/fix/s1", "fix.txt"));
        Assert.Contains(_server.Requests, r => r.Query == "?service=git-receive-pack");
        Assert.All(_server.Requests, r => Assert.NotNull(r.Header("Authorization")));
        Assert.All(_server.Requests, r => Assert.DoesNotContain(Token, r.Path + r.Query, StringComparison.Ordinal));
        Assert.False(_server.TokenSeenOnACommandLine, "the token was on a process's command line");
        Assert.Equal([RemoteUrl], credentials.Asked.Distinct());
        var mirror = provider.MirrorDirectory(RemoteUrl);
        Assert.Equal(RemoteUrl, GitRepository.Run(mirror, "config", "--get", "remote.origin.url"));
        foreach (var file in Directory.EnumerateFiles(_directory.Combine("data"), "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Token, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PrepareAsync_NoCredential_FailsWithGitsErrorAndNoPrompt()
    {
        var error = await Assert.ThrowsAsync<GitException>(() => Provider(Mirrors(null)).PrepareAsync(new WorkspaceRequest("s1", RemoteUrl, "main", "b"), CancellationToken.None));

        Assert.StartsWith("git clone failed (128): ", error.Message, StringComparison.Ordinal);
        Assert.All(_server.Requests, r => Assert.Null(r.Header("Authorization")));
    }

    [Fact]
    public async Task PrepareAsync_WrongToken_FailsWithoutTheTokenInTheMessage()
    {
        const string wrong = "ghs_wrongTokenThatMustNotLeak";

        var error = await Assert.ThrowsAsync<GitException>(() => Provider(Mirrors(new Credentials(wrong))).PrepareAsync(new WorkspaceRequest("s1", RemoteUrl, "main", "b"), CancellationToken.None));

        Assert.StartsWith("git clone failed (128): ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.Contains(_server.Requests, r => r.Header("Authorization") is not null);
    }

    [Fact]
    public async Task CommitAndPushAsync_HookPlantedInTheMirror_DoesNotRunWithTheToken()
    {
        var credentials = new Credentials(Token);
        var mirrors = Mirrors(credentials);
        var provider = Provider(mirrors);
        var workspace = await provider.PrepareAsync(new WorkspaceRequest("s1", RemoteUrl, "main", "b"), CancellationToken.None);
        var leak = _directory.Combine("leak.txt");
        foreach (var hook in new[] { "pre-push", "reference-transaction", "post-update" })
        {
            Scripts.Write(Path.Combine(provider.MirrorDirectory(RemoteUrl), "hooks", hook), $"env >> '{leak}'");
        }

        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var push = await new GitSourceControl(mirrors).CommitAndPushAsync(workspace, new CommitInfo("fix", "A", "a@example.com"), CancellationToken.None);

        Assert.True(push.HasChanges);
        Assert.False(File.Exists(leak) && new[] { Token, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{Token}")) }.Any(t => File.ReadAllText(leak).Contains(t, StringComparison.Ordinal)), "a hook ran with the token in its environment");
    }

    [Fact]
    public async Task PrepareAsync_LocalRemote_AsksForNoCredential()
    {
        var local = _directory.Combine("local.git");
        GitRepository.CreateBare(local, new Dictionary<string, string> { ["a"] = "b" });
        var credentials = new Credentials(Token);

        await Provider(Mirrors(credentials)).PrepareAsync(new WorkspaceRequest("s1", local, "main", "b"), CancellationToken.None);

        Assert.Empty(credentials.Asked);
    }

    private sealed class Credentials(string token) : IGitCredentials
    {
        public ConcurrentQueue<string> Asked { get; } = new();

        public ValueTask<GitCredential?> ForRemoteAsync(string remoteUrl, CancellationToken cancellationToken)
        {
            Asked.Enqueue(remoteUrl);
            return ValueTask.FromResult<GitCredential?>(new GitCredential("x-access-token", token));
        }
    }
}
