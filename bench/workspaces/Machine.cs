namespace Automations.Bench.Workspaces;

/// <summary>What the benchmark ran on, and git.</summary>
internal static class Machine
{
    public static IEnumerable<string> Describe() =>
        MachineInfo.Describe().Append($"git:      {SampleRepository.Git(Environment.CurrentDirectory, "--version")}");
}
