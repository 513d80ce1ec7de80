using Automations.Agents.Sandbox;
using Automations.Host.Configuration;

namespace Automations.Host.Sandbox;

/// <summary>
/// Makes the choice of sandbox once, from the options: both their validation at start and everything that
/// runs agents ask it, so the trial sandbox starts once.
/// </summary>
internal sealed class SandboxChooser
{
    private readonly Lock _gate = new();
    private SandboxChoice? _choice;

    public SandboxChoice For(AutomationsOptions options)
    {
        lock (_gate)
        {
            return _choice ??= Choose(options);
        }
    }

    private static SandboxChoice Choose(AutomationsOptions options)
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        string[] hidden = home is { Length: > 1 } ? [Path.GetFullPath(home)] : [];
        return SandboxSelection.Choose(options.Sandbox, options.DataPath(), hidden);
    }
}
