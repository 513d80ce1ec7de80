using Automations.Testing;

namespace Automations.Host.Tests.Dashboard;

/// <summary>A browser test on a PostgreSQL cluster: it skips as <see cref="BrowserFactAttribute"/> and <see cref="PostgresFactAttribute"/> do.</summary>
public sealed class BrowserPostgresFactAttribute : FactAttribute
{
    public BrowserPostgresFactAttribute()
    {
        Skip = new BrowserFactAttribute().Skip ?? Postgres.SkipReason;
    }
}
