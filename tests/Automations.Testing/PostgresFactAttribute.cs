using Xunit;

namespace Automations.Testing;

/// <summary>A test that needs PostgreSQL: skips without <c>AUTOMATIONS_TEST_POSTGRES</c>, except on CI, where it fails.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Postgres.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
