using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>
/// A fresh workspace's <c>prebuild:</c> (or its repository's, <see cref="IPrebuilds.Chosen"/>): laid from the newest ready prebuild (<see cref="IPrebuilds"/>), or,
/// when none can be, its commands run as setup in the workspace, and the session's events say why.
/// </summary>
internal static class TurnPrebuild
{
    /// <summary>The commands to run as setup: the definition's <c>setup</c>, after the prebuild's own commands when no prebuild was laid.</summary>
    public static async Task<IReadOnlyList<string>> StartAsync(IPrebuilds? prebuilds, SessionRun run, Workspace workspace, string agent, RunSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        if (IPrebuilds.Chosen(prebuilds, settings.Prebuild, run.Session.RepositoryUrl!) is not { } prebuild)
        {
            return settings.Setup;
        }

        var started = time.GetTimestamp();
        var use = prebuilds is null
            ? new PrebuildUse(null, false, "this engine keeps no prebuilds")
            : await prebuilds.StartFromAsync(new PrebuildRequest(agent, prebuild.Commands, prebuild.Paths, settings.SetupTimeout), workspace, cancellationToken);
        var ms = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (use.Commit is { } commit)
        {
            await run.AppendAsync([SessionEvents.Of(SessionEventTypes.Prebuild, new { commit, built = use.Built, building = use.Building, ms })], cancellationToken);
            return settings.Setup;
        }

        var error = $"no prebuild could be laid ({use.Problem}): its commands run as setup";
        await run.AppendAsync([SessionEvents.Of(SessionEventTypes.Prebuild, new { error, building = use.Building, ms })], cancellationToken);
        return [.. prebuild.Commands, .. settings.Setup];
    }
}
