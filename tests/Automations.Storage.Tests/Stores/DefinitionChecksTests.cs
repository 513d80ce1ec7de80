using Automations.Core.Ports;
using Automations.Storage.Sql;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// The checks due on pull requests: one per head commit, whoever records it again; taken by one worker at a
/// time, taken again when its lease runs out, and a worker that lost its lease changes nothing. Run on every store.
/// </summary>
public abstract class DefinitionChecksTests(IStoreProvider provider)
{
    private static readonly DefinitionCheck Check = new("acme/web", 7, "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222", "d-pr-1");

    [StoreFact]
    public async Task AddAsync_TheSameHeadTwice_OnTwoInstances_RecordsOneCheck_TakenOnce()
    {
        await using var first = await provider.OpenAsync();
        await using var second = await provider.OpenAnotherAsync(first);
        var mine = new SqlDefinitionChecks(first.Database, first.Time);
        var theirs = new SqlDefinitionChecks(second.Database, second.Time);

        var added = await mine.AddAsync(Check, CancellationToken.None);
        var again = await theirs.AddAsync(Check with { DeliveryId = "d-pr-redelivered" }, CancellationToken.None);
        var taken = await theirs.TakeAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        var secondTake = await mine.TakeAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal((true, false), (added, again));
        Assert.Equal((Check.Id, "d-pr-1", 1), (taken!.Id, taken.DeliveryId, taken.Attempts));
        Assert.Null(secondTake);
        Assert.True(await theirs.FinishAsync(taken, "success", 42, CancellationToken.None));
        Assert.False(await mine.AddAsync(Check, CancellationToken.None));
        Assert.Null(await mine.TakeAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [StoreFact]
    public async Task TakeAsync_AfterTheLeaseRanOut_TakesItAgain_AndTheFirstWorkerCanNoLongerFinishIt()
    {
        await using var store = await provider.OpenAsync();
        var checks = new SqlDefinitionChecks(store.Database, store.Time);
        await checks.AddAsync(Check, CancellationToken.None);

        var lost = await checks.TakeAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        store.Time.Advance(TimeSpan.FromSeconds(31));
        var retaken = await checks.TakeAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(2, retaken!.Attempts);
        Assert.False(await checks.FinishAsync(lost!, "success", 1, CancellationToken.None));
        Assert.True(await checks.RetryAsync(retaken, "GitHub: 502", store.Time.GetUtcNow().AddSeconds(10), giveUp: false, CancellationToken.None));
        Assert.Null(await checks.TakeAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        store.Time.Advance(TimeSpan.FromSeconds(10));
        var third = await checks.TakeAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(await checks.RetryAsync(third!, "GitHub: 502", store.Time.GetUtcNow(), giveUp: true, CancellationToken.None));
        Assert.Null(await checks.TakeAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
    }
}
