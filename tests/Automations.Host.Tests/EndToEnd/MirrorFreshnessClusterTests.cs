using System.Diagnostics;
using Automations.Testing;
using Npgsql;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Pushes shared between two real <c>automations serve</c> processes on one PostgreSQL database. Instance a takes
/// the webhooks and runs no session; b runs them all, with a mirror of its own. A push delivered to a makes b fetch
/// its mirror at once, so that b's next session starts without a fetch, which a remote moved out of reach proves;
/// a push whose notice b never heard (its listening connection dropped) still makes b's next session fetch.
/// </summary>
public sealed class MirrorFreshnessClusterTests : IAsyncLifetime
{
    // b's connections carry this name, so that the test finds its listening one among the server's.
    private const string NameOfB = "automations-b";

    private readonly EngineSetup _setup = new();
    private readonly EngineCluster _cluster;

    public MirrorFreshnessClusterTests() => _cluster = new EngineCluster(_setup, "automations_pushes");

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so no engine outlives its test.
    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _setup.Dispose();
    }

    /// <summary>Both instances started, and b's first session run: it cloned b's mirror. The base's commit then.</summary>
    private async Task<(EngineProcess A, EngineProcess B, string Before)> StartedAsync()
    {
        MirrorFreshnessTests.Definitions(_setup);
        var agent = _setup.Agent("agent", "true");
        var sentry = ("Automations:Sources:Sentry:ClientSecret", ProviderDeliveries.SentrySecret);
        var a = await _cluster.StartAsync("a", agent, sentry, ("Automations:Worker:Enabled", "false"));
        var named = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { ApplicationName = NameOfB }.ConnectionString;
        var b = await _cluster.StartAsync("b", agent, sentry, ("Automations:Store:ConnectionString", named));

        var labeled = await RepositoryPushes.LabeledAsync(a, "labeled-1");
        var first = await MirrorFreshnessTests.WorkspaceOfAsync(b, labeled.GetProperty("sessions")[0].GetString()!);
        Assert.True(first.GetProperty("fetched").GetBoolean(), "b's first session cloned and fetched its mirror");
        return (a, b, first.GetProperty("baseCommit").GetString()!);
    }

    /// <summary>Someone pushes <paramref name="file"/> to main; GitHub tells instance a.</summary>
    private async Task<string> PushAsync(EngineProcess a, string before, string file)
    {
        var pushed = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { [file] = file + "\n" }, file);
        await RepositoryPushes.PushAsync(a, "acme/web", before, pushed, file);
        return pushed;
    }

    /// <summary>Where b's mirror has main, as last fetched.</summary>
    private string MirrorOfB()
    {
        var mirror = Assert.Single(Directory.GetDirectories(_setup.Combine("data-b", "mirrors"), "acme-web-*"), d => File.Exists(Path.Combine(d, "HEAD")));
        return GitRepository.Run(mirror, "rev-parse", "refs/remotes/origin/main");
    }

    private async Task WaitForMirrorOfBAsync(string commit)
    {
        var clock = Stopwatch.StartNew();
        while (MirrorOfB() != commit)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"b's mirror is still at {MirrorOfB()}, not at the pushed {commit}: b did not hear of the push");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Drops b's listening connection, then runs <paramref name="push"/>; b makes its connection again after a pause
    /// (seconds). True when b was not listening yet once the push was answered: its notice was lost to b.
    /// </summary>
    private async Task<bool> LostToBAsync(Func<Task> push)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @b AND query LIKE 'LISTEN%'", connection);
        drop.Parameters.AddWithValue("b", NameOfB);
        Assert.Equal(1L, await drop.ExecuteScalarAsync());

        await push();
        await using var listening = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @b AND query LIKE 'LISTEN%'", connection);
        listening.Parameters.AddWithValue("b", NameOfB);
        return (long)(await listening.ExecuteScalarAsync())! == 0;
    }

    [PostgresFact]
    public async Task PushDeliveredToA_BsNextSession_StartsOnThePushedCommitWithoutAFetch()
    {
        var (a, b, before) = await StartedAsync();

        var pushed = await PushAsync(a, before, "fix.txt");
        await WaitForMirrorOfBAsync(pushed);
        Directory.Move(_setup.Remote, _setup.Remote + ".gone");
        var sentry = await MirrorFreshnessTests.WorkspaceOfAsync(b, await MirrorFreshnessTests.SentryIssueAsync(a));

        Assert.NotEqual(before, pushed);
        Assert.False(sentry.GetProperty("fetched").GetBoolean(), "b heard of the push a took, and its mirror was fetched for it already");
        Assert.Equal(pushed, sentry.GetProperty("baseCommit").GetString());
    }

    [PostgresFact]
    public async Task PushWhoseNoticeBLost_BsNextSession_FetchesAndStartsOnThePushedCommit()
    {
        var (a, b, before) = await StartedAsync();

        // A first push b hears of: pushes to main reach b, and its mirror is fresh.
        var heard = await PushAsync(a, before, "heard.txt");
        await WaitForMirrorOfBAsync(heard);

        // The next one's notice is lost to b; should b listen again too soon, another push is tried.
        var lost = heard;
        for (var attempt = 1; ; attempt++)
        {
            var from = lost;
            if (await LostToBAsync(async () => lost = await PushAsync(a, from, $"lost-{attempt}.txt")))
            {
                break;
            }

            Assert.True(attempt < 5, "b listened again before every push was answered");
            await WaitForMirrorOfBAsync(lost);
        }

        Assert.NotEqual(lost, MirrorOfB());
        var sentry = await MirrorFreshnessTests.WorkspaceOfAsync(b, await MirrorFreshnessTests.SentryIssueAsync(a));

        Assert.True(sentry.GetProperty("fetched").GetBoolean(), "a push noted in the store that b did not fetch for makes b's session fetch");
        Assert.Equal(lost, sentry.GetProperty("baseCommit").GetString());
    }
}
