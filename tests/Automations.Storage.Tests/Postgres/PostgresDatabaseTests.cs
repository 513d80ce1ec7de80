using Automations.Storage.Postgres;

namespace Automations.Storage.Tests.Postgres;

/// <summary>Opening the PostgreSQL store with a bad setting: a clear error, and never the password. No server needed.</summary>
public sealed class PostgresDatabaseTests
{
    [Fact]
    public async Task OpenAsync_ServerDoesNotAnswer_ClearErrorWithoutThePassword()
    {
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => PostgresDatabase.OpenAsync(
            "Host=127.0.0.1;Port=1;Database=automations;Username=engine;Password=hunter2-secret;Timeout=5", null, null, TimeProvider.System, CancellationToken.None));

        Assert.Contains("127.0.0.1:1, database 'automations', user 'engine'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_ConnectionStringCannotBeRead_ClearError()
    {
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => PostgresDatabase.OpenAsync(
            "Host=127.0.0.1;Colour=blue;Password=hunter2-secret", null, null, TimeProvider.System, CancellationToken.None));

        Assert.StartsWith("The PostgreSQL connection string cannot be read", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
    }
}
