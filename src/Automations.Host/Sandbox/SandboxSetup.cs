using Automations.Agents.Sandbox;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Sandbox;

/// <summary>
/// The sandbox agents run in, chosen once at start (<see cref="SandboxSelection"/>). What no sandbox may
/// see is the data directory and the engine's home. The data directory is made the engine's alone (0700).
/// </summary>
public static class SandboxSetup
{
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddSingleton<SandboxChooser>();
        services.AddSingleton(sp => sp.GetRequiredService<SandboxChooser>().For(sp.GetRequiredService<IOptions<AutomationsOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<SandboxChoice>().Sandbox);
        services.AddSingleton<IValidateOptions<AutomationsOptions>, SandboxValidation>();
        return services;
    }

    /// <summary>Says at start where agents run, and warns when they run unsandboxed.</summary>
    public static void Announce(IServiceProvider services)
    {
        var choice = services.GetRequiredService<SandboxChoice>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Automations.Sandbox");
        if (choice.Warning is { } warning)
        {
            SandboxLog.Unsandboxed(logger, warning);
        }
        else
        {
            SandboxLog.Sandboxed(logger, choice.Sandbox.Description);
        }
    }
}
