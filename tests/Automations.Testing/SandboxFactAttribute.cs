using Xunit;

namespace Automations.Testing;

/// <summary>
/// A test of the bubblewrap sandbox itself: it skips where <c>bwrap</c> is not installed, except on CI
/// (<c>CI=true</c>), where it runs and fails.
/// </summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute()
    {
        if (!BubblewrapInstalled && !AgentClis.OnCi)
        {
            Skip = "bubblewrap (bwrap) is not installed; CI=true makes this a failure";
        }
    }

    public static bool BubblewrapInstalled =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Any(d => File.Exists(Path.Combine(d, "bwrap")));
}
