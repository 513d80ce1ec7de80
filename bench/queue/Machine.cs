namespace Automations.Bench.Queue;

/// <summary>What the benchmark ran on, and the PostgreSQL server.</summary>
internal static class Machine
{
    public static IEnumerable<string> Describe(string postgresVersion) =>
        MachineInfo.Describe().Append($"postgres: {postgresVersion}");
}
