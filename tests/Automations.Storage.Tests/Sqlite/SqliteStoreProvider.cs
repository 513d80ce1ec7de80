using Automations.Core.Sessions;
using Automations.Storage.Sqlite;
using Automations.Storage.Tests.Stores;
using Automations.Testing;

namespace Automations.Storage.Tests.Sqlite;

/// <summary>Each store a real SQLite file in a temp folder of its own.</summary>
public sealed class SqliteStoreProvider : IStoreProvider
{
    public Task<StoreFixture> OpenAsync(QueueOptions? queueOptions = null)
    {
        var directory = new TempDirectory("storage");
        var path = Path.Combine(directory.Path, "automations.db");
        return Task.FromResult(new StoreFixture(SqliteDatabase.Open(path), new ManualTimeProvider(), new WorkSignal(), queueOptions, path, () =>
        {
            directory.Dispose();
            return ValueTask.CompletedTask;
        }));
    }

    public Task<StoreFixture> OpenAnotherAsync(StoreFixture first, QueueOptions? queueOptions = null) =>
        Task.FromResult(new StoreFixture(SqliteDatabase.Open(first.ConnectionString), first.Time, new WorkSignal(), queueOptions, first.ConnectionString, () => ValueTask.CompletedTask));
}
