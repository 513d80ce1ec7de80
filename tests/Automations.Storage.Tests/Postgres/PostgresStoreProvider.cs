using Automations.Core.Sessions;
using Automations.Storage.Postgres;
using Automations.Storage.Tests.Stores;
using Automations.Testing;

namespace Automations.Storage.Tests.Postgres;

/// <summary>
/// One fresh database per test class on the test server (a class fixture), and in it a schema of its own
/// for each store, so every test starts empty.
/// </summary>
public sealed class PostgresStoreProvider : IStoreProvider, IAsyncLifetime
{
    private PostgresTestDatabase? _database;
    private int _schemas;

    public PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The test database is not created yet.");

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public async Task<StoreFixture> OpenAsync(QueueOptions? queueOptions = null)
    {
        var connectionString = await Database.CreateSchemaAsync($"store_{Interlocked.Increment(ref _schemas)}");
        return await OpenAsync(connectionString, new ManualTimeProvider(), queueOptions);
    }

    public Task<StoreFixture> OpenAnotherAsync(StoreFixture first, QueueOptions? queueOptions = null) =>
        OpenAsync(first.ConnectionString, first.Time, queueOptions);

    private static async Task<StoreFixture> OpenAsync(string connectionString, ManualTimeProvider time, QueueOptions? queueOptions)
    {
        var signal = new WorkSignal();
        var database = await PostgresDatabase.OpenAsync(connectionString, signal, null, time, CancellationToken.None);
        return new StoreFixture(database, time, signal, queueOptions, connectionString, () => ValueTask.CompletedTask);
    }
}
