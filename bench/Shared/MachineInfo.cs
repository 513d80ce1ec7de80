using System.Runtime.InteropServices;

namespace Automations.Bench;

/// <summary>What a benchmark ran on: cores, CPU model, memory, OS, .NET and the load before the run. Linked into each benchmark.</summary>
internal static class MachineInfo
{
    public static IEnumerable<string> Describe()
    {
        yield return $"cores:    {Environment.ProcessorCount}";
        yield return $"cpu:      {Field("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString()}";
        yield return $"memory:   {Field("/proc/meminfo", "MemTotal", ':') ?? "unknown"}";
        yield return $"os:       {Field("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? "unknown"} ({RuntimeInformation.OSDescription})";
        yield return $"dotnet:   {RuntimeInformation.FrameworkDescription}";
        if (File.Exists("/proc/loadavg"))
        {
            yield return $"load:     {File.ReadAllText("/proc/loadavg").Trim()} (1, 5, 15 min; runnable/total; last pid) before the run";
        }
    }

    private static string? Field(string file, string key, char separator)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && string.Equals(line[..at].Trim(), key, StringComparison.Ordinal))
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }
}
