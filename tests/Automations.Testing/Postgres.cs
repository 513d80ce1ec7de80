namespace Automations.Testing;

/// <summary>
/// The PostgreSQL server that tests use: an Npgsql connection string in <c>AUTOMATIONS_TEST_POSTGRES</c>
/// whose role may create databases (<c>.ci/run</c> starts a server and sets it). Without it, PostgreSQL
/// tests skip, except on CI (<c>CI=true</c>), where they run and fail.
/// </summary>
public static class Postgres
{
    public const string Variable = "AUTOMATIONS_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why a PostgreSQL test skips here, or null when it runs (it is configured, or this is CI).</summary>
    public static string? SkipReason => ConnectionString is null && !AgentClis.OnCi
        ? $"{Variable} is not set, so there is no PostgreSQL to test against; CI=true makes this a failure"
        : null;

    /// <summary>The configured connection string; a clear failure when there is none.</summary>
    public static string Require() => ConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set: PostgreSQL tests need an Npgsql connection string of a role that may create databases (.ci/run sets one).");
}
