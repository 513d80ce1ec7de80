using Xunit.Abstractions;
using Xunit.Sdk;
using TestServer = Automations.Testing.Postgres;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// Finds <see cref="StoreFactAttribute"/> tests. The attribute sits on the abstract suite's method, so
/// only here, where the concrete class is known, can a PostgreSQL suite's test be skipped.
/// </summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var onPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(PostgresStoreAttribute)).Any();
        if (onPostgres && TestServer.SkipReason is { } reason)
        {
            // xunit 2.9's newer constructor of this test case is not reachable from here; the older one does the same.
#pragma warning disable CS0618
            return [new XunitSkippedDataRowTestCase(_sink, discoveryOptions.MethodDisplayOrDefault(), testMethod, reason)];
#pragma warning restore CS0618
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
