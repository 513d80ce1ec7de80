using Xunit;

namespace Automations.Testing;

/// <summary>
/// A test that drives a real agent command line in the bubblewrap sandbox: it skips where either is missing,
/// except on CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
public sealed class SandboxedAgentCliFactAttribute : FactAttribute
{
    public SandboxedAgentCliFactAttribute()
    {
        if (AgentClis.OnCi)
        {
            return;
        }

        if (!AgentClis.Available)
        {
            Skip = "npm is not installed, so the real agent command lines cannot be; CI=true makes this a failure";
        }
        else if (!SandboxFactAttribute.BubblewrapInstalled)
        {
            Skip = "bubblewrap (bwrap) is not installed; CI=true makes this a failure";
        }
    }
}
