namespace Automations.Storage.Tests.Stores;

/// <summary>Marks a suite class that runs on PostgreSQL: its <see cref="StoreFactAttribute"/> tests need the test server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PostgresStoreAttribute : Attribute
{
}
