using System.Text.Json;
using Automations.Agents.Workspaces;
using Automations.Core.Events;
using Automations.Core.Sessions;
using Automations.Host.Workers;
using Automations.Testing;
using Microsoft.Extensions.Logging;

namespace Automations.Host.Tests.Workers;

/// <summary>
/// A push's background fetch of the mirror, against a real mirror whose remote is out of reach: its failure is
/// logged, and the repository's URL in the line never carries the user or password the configured git URL has.
/// </summary>
public sealed class MirrorPushObserverTests : IDisposable
{
    // Nothing listens on port 1: the fetch is refused at once.
    private const string GitUrl = "https://automations:s3cret-token@127.0.0.1:1/";

    private readonly TempDirectory _directory = new("mirror-push-observer");
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _factory;

    public MirrorPushObserverTests() => _factory = LoggerFactory.Create(b => b.AddProvider(_logs));

    public void Dispose()
    {
        _factory.Dispose();
        _directory.Dispose();
    }

    private static TriggerEvent Push(string repository) => new()
    {
        Source = "github", Kind = "github.push", DeliveryId = "d-push", OccurredAt = DateTimeOffset.UnixEpoch, Repository = repository,
        Subject = new EventSubject { Type = "repository", Id = repository },
        Payload = JsonSerializer.SerializeToElement(new { @ref = "refs/heads/main", before = new string('1', 40), after = new string('2', 40), repository = new { full_name = repository } }),
    };

    [Fact]
    public async Task ObserveAsync_FetchOfAUrlWithAPasswordFails_LogsTheUrlWithoutItsUserInfo()
    {
        var remote = _directory.Combine("remote.git");
        GitRepository.CreateBare(remote, new Dictionary<string, string> { ["README.md"] = "hello\n" });
        var mirrors = new Mirrors(new Git(TimeProvider.System), _directory.Combine("mirrors"));
        var url = RepositoryLocation.Resolve("acme/web", GitUrl, _directory.Path);

        // A session cloned the mirror once; its remote has since gone out of reach.
        var mirror = mirrors.DirectoryOf(url);
        await mirrors.UpdateAsync(remote, mirror, CancellationToken.None);
        GitRepository.Run(mirror, "remote", "set-url", "origin", url);
        var observer = new MirrorPushObserver(new MirrorRefresher(mirrors), mirrors.Pushes, GitUrl, new Logger<MirrorPushObserver>(_factory));

        await observer.ObserveAsync(Push("acme/web"), CancellationToken.None);
        await Waiting.UntilAsync(() => _logs.Contains("was not fetched after a push to main"), TimeSpan.FromSeconds(30), "the failed fetch to be logged");

        var line = Assert.Single(_logs.Lines, l => l.Contains("was not fetched", StringComparison.Ordinal));
        Assert.Contains("The mirror of https://127.0.0.1:1/acme/web.git was not fetched", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", line, StringComparison.Ordinal);
        Assert.DoesNotContain("automations:", line, StringComparison.Ordinal);
    }
}
