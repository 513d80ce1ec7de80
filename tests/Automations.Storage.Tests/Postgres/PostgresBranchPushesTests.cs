using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Storage.Postgres;
using Automations.Testing;

namespace Automations.Storage.Tests.Postgres;

/// <summary>Pushes noted by one instance on a PostgreSQL database: read by the other at its next look, and heard by it at once.</summary>
public sealed class PostgresBranchPushesTests(PostgresStoreProvider provider) : IClassFixture<PostgresStoreProvider>
{
    private static readonly BranchPush Main = new("https://github.com/acme/web.git", "main");

    /// <summary>Two instances on one new schema, each listening; returned once both listen.</summary>
    private async Task<(PostgresDatabase A, PostgresDatabase B)> TwoInstancesAsync(string schema)
    {
        var connectionString = await provider.Database.CreateSchemaAsync(schema);
        var signals = new[] { new WorkSignal(), new WorkSignal() };
        var a = await PostgresDatabase.OpenAsync(connectionString, signals[0], null, TimeProvider.System, CancellationToken.None);
        var b = await PostgresDatabase.OpenAsync(connectionString, signals[1], null, TimeProvider.System, CancellationToken.None);

        // Each listener wakes its workers once it listens.
        foreach (var signal in signals)
        {
            Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None), "an instance did not start listening");
        }

        return (a, b);
    }

    [PostgresFact]
    public async Task NoteAsync_OnOneInstance_TheOtherReadsItAboveItsEarlierMarkAndHearsOfIt()
    {
        var (a, b) = await TwoInstancesAsync("pushes_shared");
        await using var first = a;
        await using var second = b;
        var heardByB = new TaskCompletionSource<BranchPush>(TaskCreationOptions.RunContinuationsAsynchronously);
        var heardByA = new List<BranchPush>();
        second.Pushes.NotedElsewhere += (_, e) => heardByB.TrySetResult(e.Push);
        first.Pushes.NotedElsewhere += (_, e) => heardByA.Add(e.Push);
        var markBefore = await second.Pushes.MarkAsync(CancellationToken.None);

        await first.Pushes.NoteAsync(Main, CancellationToken.None);

        var last = await second.Pushes.LastAsync(Main, CancellationToken.None);
        Assert.NotNull(last);
        Assert.True(last > markBefore, $"push {last} is not above the mark {markBefore} read before it");
        Assert.True(await second.Pushes.MarkAsync(CancellationToken.None) >= last);
        Assert.Equal(Main, await heardByB.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(heardByA);
    }

    [PostgresFact]
    public async Task NoteAsync_AgainOnTheBranch_NumbersItHigherAndLeavesOtherBranchesUnnoted()
    {
        var (a, b) = await TwoInstancesAsync("pushes_again");
        await using var first = a;
        await using var second = b;

        await first.Pushes.NoteAsync(Main, CancellationToken.None);
        var once = await first.Pushes.LastAsync(Main, CancellationToken.None);
        var mark = await second.Pushes.MarkAsync(CancellationToken.None);
        await second.Pushes.NoteAsync(Main, CancellationToken.None);
        var twice = await first.Pushes.LastAsync(Main, CancellationToken.None);

        Assert.Equal(once, mark);
        Assert.True(twice > mark, $"the second push {twice} is not above the mark {mark} read between the two");
        Assert.Null(await first.Pushes.LastAsync(Main with { Branch = "develop" }, CancellationToken.None));
        Assert.Null(await first.Pushes.LastAsync(Main with { RepositoryUrl = "https://github.com/acme/api.git" }, CancellationToken.None));
    }
}
