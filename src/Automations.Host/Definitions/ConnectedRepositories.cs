namespace Automations.Host.Definitions;

/// <summary>
/// The connected repositories: those listed in <c>Automations:Repositories</c> and, where a GitHub App's
/// installations are looked up (<c>FromApp</c>), every repository it is installed on, less the excluded ones.
/// A listed repository keeps its configured scope; one found through the App gets <paramref name="connect"/>'s,
/// which acts on itself alone. The lookup is due at start, every <paramref name="every"/>, and when an
/// installation changed. A lookup that fails keeps the last list.
/// </summary>
public sealed partial class ConnectedRepositories(
    IReadOnlyList<ConnectedRepository> listed,
    IInstalledRepositories? installed,
    IReadOnlyCollection<string> exclude,
    Func<string, ConnectedRepository> connect,
    TimeSpan every,
    TimeProvider time,
    ILogger<ConnectedRepositories> logger)
{
    private readonly HashSet<string> _excluded = new(exclude.Select(e => e.Trim()), StringComparer.OrdinalIgnoreCase);
    private volatile IReadOnlyList<ConnectedRepository> _all = [.. listed];
    private volatile bool _changed = true;
    private DateTimeOffset? _lookedUpAt;

    public IReadOnlyList<ConnectedRepository> All => _all;

    /// <summary>Whether a GitHub App's installations add repositories.</summary>
    public bool FromApp => installed is not null;

    /// <summary>When the App's installations were last listed; null before the first time.</summary>
    public DateTimeOffset? LookedUpAt => _lookedUpAt;

    /// <summary>Whether a lookup is due: never done, older than the refresh interval, or an installation changed since.</summary>
    public bool LookupDue => installed is not null && (_changed || _lookedUpAt is null || time.GetUtcNow() - _lookedUpAt >= every);

    /// <summary>An installation changed (GitHub said so): the next pass looks the repositories up again.</summary>
    public void InstallationChanged() => _changed = true;

    /// <summary>Lists the App's repositories; true when the connected set changed.</summary>
    public async Task<bool> LookUpAsync(CancellationToken cancellationToken)
    {
        if (installed is null)
        {
            return false;
        }

        _changed = false;
        var (names, problem) = await installed.ListAsync(cancellationToken);
        _lookedUpAt = time.GetUtcNow();
        if (names is null)
        {
            Log.LookupFailed(logger, problem ?? "no answer");
            return false;
        }

        var known = listed.Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var found = names.Where(n => !_excluded.Contains(n) && known.Add(n)).Select(connect).ToList();
        IReadOnlyList<ConnectedRepository> all = [.. listed, .. found];
        var before = _all.Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _all = all;
        Log.LookedUp(logger, names.Count, found.Count, names.Count(_excluded.Contains));
        return !before.SetEquals(all.Select(r => r.Name));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "The GitHub App is installed on {Installed} repositories: {Connected} connected through it, {Excluded} excluded")]
        public static partial void LookedUp(ILogger logger, int installed, int connected, int excluded);

        [LoggerMessage(EventId = 117, Level = LogLevel.Warning, Message = "Could not list the GitHub App's repositories; the last list stays: {Problem}")]
        public static partial void LookupFailed(ILogger logger, string problem);
    }
}
