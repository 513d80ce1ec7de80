using Xunit.Sdk;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// A test of the shared store suite. It runs in each concrete suite class; in a class marked
/// <see cref="PostgresStoreAttribute"/> it skips where no PostgreSQL is configured, except on CI.
/// </summary>
[XunitTestCaseDiscoverer("Automations.Storage.Tests.Stores.StoreFactDiscoverer", "Automations.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute
{
}
