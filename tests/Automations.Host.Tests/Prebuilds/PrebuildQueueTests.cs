using System.Collections.Concurrent;
using Automations.Core.Definitions;
using Automations.Core.Ports;
using Automations.Host.Prebuilds;
using Automations.Testing;
using Microsoft.Extensions.Logging;

namespace Automations.Host.Tests.Prebuilds;

/// <summary>
/// The background of pushes' prebuilds: asking returns at once, a repository builds one prebuild at a time,
/// a newer request replaces an older one still waiting, and a build that throws does not stop the next.
/// </summary>
public sealed class PrebuildQueueTests : IDisposable
{
    private const string Web = "https://git.example.com/acme/web.git";

    private static readonly PrebuildRequest Install = new("demo", ["npm ci"], [], TimeSpan.FromMinutes(1));

    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _factory;

    public PrebuildQueueTests() => _factory = LoggerFactory.Create(b => b.AddProvider(_logs));

    private PrebuildQueue Queue(IPrebuilds prebuilds) => new(prebuilds, TimeProvider.System, new Logger<PrebuildQueue>(_factory));

    /// <summary>Prebuilds whose builds end when the test says so, recording what was asked and how many ran at once.</summary>
    private sealed class HeldPrebuilds : IPrebuilds
    {
        private int _running;

        public ConcurrentQueue<string> Asked { get; } = new();

        public ConcurrentDictionary<string, TaskCompletionSource<PrebuildUse>> Builds { get; } = new();

        public int MostAtOnce { get; private set; }

        public Task<PrebuildUse> StartFromAsync(PrebuildRequest request, Workspace workspace, CancellationToken cancellationToken) => throw new NotSupportedException();

        public PrebuildSpec? ForRepository(string repositoryUrl) => null;

        public async Task<PrebuildUse> BuildAtAsync(PrebuildRequest request, string repositoryUrl, string commit, CancellationToken cancellationToken)
        {
            Asked.Enqueue($"{repositoryUrl}@{commit}");
            MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _running));
            try
            {
                return await Builds.GetOrAdd(commit, _ => new TaskCompletionSource<PrebuildUse>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public void End(string commit, PrebuildUse use) => Builds.GetOrAdd(commit, _ => new TaskCompletionSource<PrebuildUse>(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult(use);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task ARepository_BuildsOneAtATime_AndTheNewestWaitingRequestWins()
    {
        var prebuilds = new HeldPrebuilds();
        using var queue = Queue(prebuilds);

        queue.Request(Web, Install, "a", "deps");
        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 1, TimeSpan.FromSeconds(10), "the first build");
        queue.Request(Web, Install, "b", "deps");
        queue.Request(Web, Install, "c", "deps");
        prebuilds.End("a", new PrebuildUse("a", true, null));
        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 2, TimeSpan.FromSeconds(10), "the next build");
        prebuilds.End("c", new PrebuildUse("c", true, null));

        queue.Request(Web, Install, "d", "deps");
        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 3, TimeSpan.FromSeconds(10), "a build after the queue emptied");
        prebuilds.End("d", new PrebuildUse("d", true, null));

        Assert.Equal([$"{Web}@a", $"{Web}@c", $"{Web}@d"], prebuilds.Asked);
        Assert.Equal(1, prebuilds.MostAtOnce);
        Assert.True(_logs.Contains($"The prebuild at b of {Web}, still waiting, is replaced by the one at c"), string.Join('\n', _logs.Lines));
    }

    [Fact]
    public async Task TwoRepositories_BuildSideBySide_AndTwoPrebuildsOfOneWaitTheirTurns()
    {
        var prebuilds = new HeldPrebuilds();
        using var queue = Queue(prebuilds);

        queue.Request(Web, Install, "a", "deps");
        queue.Request(Web, Install with { Commands = ["make"] }, "b", "make");
        queue.Request("https://git.example.com/acme/api.git", Install, "c", "deps");

        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 2, TimeSpan.FromSeconds(10), "one build per repository");
        Assert.Equal(2, prebuilds.MostAtOnce);
        prebuilds.End("a", new PrebuildUse(null, false, "its build at a failed: npm ci exited with code 1"));
        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 3, TimeSpan.FromSeconds(10), "the second prebuild of the repository");
        Assert.True(_logs.Contains($"The prebuild at a of {Web} for automation deps was not built after a push: its build at a failed: npm ci exited with code 1"), string.Join('\n', _logs.Lines));
        prebuilds.End("b", new PrebuildUse("b", true, null));
        prebuilds.End("c", new PrebuildUse("c", true, null));

        Assert.Equal($"{Web}@b", prebuilds.Asked.Last());
    }

    [Fact]
    public async Task ABuildThatThrows_IsLogged_AndTheNextRuns()
    {
        var prebuilds = new HeldPrebuilds();
        using var queue = Queue(prebuilds);

        queue.Request(Web, Install, "a", "deps");
        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 1, TimeSpan.FromSeconds(10), "the first build");
        queue.Request(Web, Install, "b", "deps");
        prebuilds.Builds["a"].SetException(new InvalidOperationException("a bug"));

        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 2, TimeSpan.FromSeconds(10), "the build after the one that threw");
        prebuilds.End("b", new PrebuildUse("b", true, null));
        Assert.Equal($"{Web}@b", prebuilds.Asked.Last());
        Assert.True(_logs.Contains($"The prebuild at a of {Web} for automation deps broke off"), string.Join('\n', _logs.Lines));
        Assert.True(_logs.Contains("a bug"), string.Join('\n', _logs.Lines));
    }

    [Fact]
    public async Task ARepositoryUrlWithAPassword_IsLoggedWithoutItsUserInfo()
    {
        const string WithToken = "https://x-access-token:s3cret-token@git.example.com/acme/web.git";
        var prebuilds = new HeldPrebuilds();
        using var queue = Queue(prebuilds);

        queue.Request(WithToken, Install, "a", "deps");
        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 1, TimeSpan.FromSeconds(10), "the first build");
        queue.Request(WithToken, Install, "b", "deps");
        queue.Request(WithToken, Install, "c", "deps");
        prebuilds.End("a", new PrebuildUse(null, false, $"its build at a failed: git fetch of '{WithToken}' failed"));
        await Waiting.UntilAsync(() => prebuilds.Asked.Count == 2, TimeSpan.FromSeconds(10), "the next build");
        prebuilds.End("c", new PrebuildUse("c", true, null));
        await Waiting.UntilAsync(() => _logs.Contains("is ready, built after a push"), TimeSpan.FromSeconds(10), "the next build to be logged");

        var logged = string.Join('\n', _logs.Lines);
        Assert.True(_logs.Contains($"The prebuild at b of {Web}, still waiting, is replaced by the one at c"), logged);
        Assert.True(_logs.Contains($"The prebuild at a of {Web} for automation deps was not built after a push: its build at a failed: git fetch of '{Web}' failed"), logged);
        Assert.True(_logs.Contains($"The prebuild at c of {Web} for automation deps is ready"), logged);
        Assert.DoesNotContain("s3cret-token", logged, StringComparison.Ordinal);
    }
}
