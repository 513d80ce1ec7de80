using Automations.Core.Definitions;
using Automations.Core.Ports;
using Automations.Storage.Sql;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// The connected repositories' loaded commits, which every instance reads to converge, and each session's
/// definition (repository, path, commit). Run on every store.
/// </summary>
public abstract class DefinitionSourcesTests(IStoreProvider provider)
{
    [StoreFact]
    public async Task RecordAsync_OneInstanceRecords_AnotherReadsTheLatest_PerRepository()
    {
        await using var first = await provider.OpenAsync();
        await using var second = await provider.OpenAnotherAsync(first);
        var mine = new SqlDefinitionSources(first.Database);
        var theirs = new SqlDefinitionSources(second.Database);
        var at = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

        await mine.RecordAsync(new DefinitionSource("acme/web", "main", "c1", at, null), CancellationToken.None);
        await mine.RecordAsync(new DefinitionSource("acme/api", "trunk", "a1", at, null), CancellationToken.None);
        await theirs.RecordAsync(new DefinitionSource("acme/web", "main", "c2", at.AddSeconds(5), "acme/web:.automations/fix.yaml:3:1: boom"), CancellationToken.None);

        Assert.Equal(
            [new DefinitionSource("acme/api", "trunk", "a1", at, null), new DefinitionSource("acme/web", "main", "c2", at.AddSeconds(5), "acme/web:.automations/fix.yaml:3:1: boom")],
            await mine.ListAsync(CancellationToken.None));
    }

    [StoreFact]
    public async Task NewSession_KeepsItsDefinitionsRepositoryPathAndCommit()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(
            StoreFixture.Delivery("d1", "a", "b"),
            [
                StoreFixture.Session("a", "acme/web/fix") with { Definition = new DefinitionOrigin("acme/web", ".automations/fix.yaml", "0123abcd") },
                StoreFixture.Session("b") with { Definition = new DefinitionOrigin(null, "automations/fix.yaml", null) },
            ],
            CancellationToken.None);

        Assert.Equal(new DefinitionOrigin("acme/web", ".automations/fix.yaml", "0123abcd"), (await store.Sessions.GetAsync("a", CancellationToken.None))!.Definition);
        Assert.Equal(new DefinitionOrigin(null, "automations/fix.yaml", null), (await store.Sessions.GetAsync("b", CancellationToken.None))!.Definition);
    }
}
