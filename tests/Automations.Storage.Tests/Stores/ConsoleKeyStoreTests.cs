using Automations.Storage.Sql;

namespace Automations.Storage.Tests.Stores;

/// <summary>The console's cookie keys: what one instance keeps, another reads; a key is never replaced. Run on every store.</summary>
public abstract class ConsoleKeyStoreTests(IStoreProvider provider)
{
    [StoreFact]
    public async Task AddAsync_KeyKeptByOneInstance_IsReadByAnother_OldestFirst_AndNeverReplaced()
    {
        await using var first = await provider.OpenAsync();
        await using var second = await provider.OpenAnotherAsync(first);
        var mine = new SqlConsoleKeyStore(first.Database, first.Time);
        var theirs = new SqlConsoleKeyStore(second.Database, second.Time);

        await mine.AddAsync("key-b", "<key id=\"b\" />", CancellationToken.None);
        first.Time.Advance(TimeSpan.FromSeconds(1));
        await mine.AddAsync("key-a", "<key id=\"a\" />", CancellationToken.None);
        await theirs.AddAsync("key-b", "<key id=\"forged\" />", CancellationToken.None);

        await using var elsewhere = await provider.OpenAsync();

        Assert.Equal(["<key id=\"b\" />", "<key id=\"a\" />"], await theirs.ReadAllAsync(CancellationToken.None));
        Assert.Empty(await new SqlConsoleKeyStore(elsewhere.Database, elsewhere.Time).ReadAllAsync(CancellationToken.None));
    }
}
