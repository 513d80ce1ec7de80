namespace Automations.Agents.Sandbox;

/// <summary>
/// The programs a bubblewrap sandbox is made with: <c>bwrap</c>; <c>setpriv</c>, which drops root to the
/// sandbox's user; <c>prlimit</c>, which caps its processes (none where it is missing).
/// </summary>
public sealed record SandboxPrograms(string Bwrap, string? Setpriv, string? Prlimit)
{
    /// <summary>The three, looked up on PATH and in the system folders; null when <c>bwrap</c> is not installed.</summary>
    public static SandboxPrograms? Find() =>
        Which("bwrap") is { } bwrap ? new SandboxPrograms(bwrap, Which("setpriv"), Which("prlimit")) : null;

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"])
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
