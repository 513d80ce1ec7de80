using Automations.Agents.Sandbox;
using Automations.Testing;

namespace Automations.Agents.Tests.Sandbox;

/// <summary>
/// A test of the sandbox's cgroup limits: it skips where bubblewrap is missing or the host lets the engine
/// make no cgroups, except on CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
public sealed class SandboxLimitsFactAttribute : FactAttribute
{
    public SandboxLimitsFactAttribute()
    {
        if (!AgentClis.OnCi && (!SandboxFactAttribute.BubblewrapInstalled || SandboxCgroups.Find() is null))
        {
            Skip = "bubblewrap, or cgroups the engine may make, are missing here; CI=true makes this a failure";
        }
    }
}
