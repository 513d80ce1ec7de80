using System.Collections.Concurrent;
using Automations.Agents.Workspaces;
using Automations.Core.Definitions;
using Automations.Core.Ports;
using Automations.Host.DefinitionChecks;

namespace Automations.Host.Definitions;

/// <summary>
/// The connected repositories' definitions: each one's <c>.automations/*.yaml|*.yml</c> at its branch's commit,
/// read through the engine's mirror and parsed within the repository's scope. A load whose files have
/// problems keeps the repository's last good set in force and reports them; every load is recorded in the
/// store, where the other instances of a cluster find the commit and load it too. The store is opened at
/// the first load, not when the catalog is built, so that a store that is down fails the start in one line.
/// </summary>
public sealed partial class RepositoryDefinitions(
    ConnectedRepositories connected,
    IReadOnlyCollection<string> agents,
    Mirrors mirrors,
    Lazy<IDefinitionSources> store,
    ILogger<RepositoryDefinitions> logger,
    TimeProvider time) : IDefinitionCheckScope
{
    public const string Folder = ".automations";

    private static readonly string[] Extensions = [".yaml", ".yml"];

    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised after a load changed what is in force or what is reported.</summary>
    public event EventHandler? Changed;

    public IReadOnlyList<ConnectedRepository> Repositories => connected.All;

    /// <summary>The connected repositories, listed and found through a GitHub App.</summary>
    public ConnectedRepositories Connected => connected;

    /// <summary>Every connected repository's files in force, each with its parse result.</summary>
    public IEnumerable<(string File, DefinitionParseResult Result)> Parsed => _states.Values.SelectMany(s => s.Files);

    /// <summary>What each repository has loaded: its branch and commit, and the problem that kept its last good set (or stopped its fetch).</summary>
    public IReadOnlyList<(ConnectedRepository Repository, string? Branch, string? Commit, DateTimeOffset? LoadedAt, string? Error)> Status =>
        [.. connected.All.Select(r => _states.TryGetValue(r.Name, out var s) ? (r, s.Branch, s.Commit, (DateTimeOffset?)s.LoadedAt, s.Error) : (r, null, null, null, null))];

    /// <summary>The commit of the files in force for <paramref name="file"/>'s repository (files read <c>owner/name:path</c>).</summary>
    public (string Repository, string? Commit)? OriginOf(string file) =>
        connected.All.FirstOrDefault(r => file.StartsWith(r.Name + ":", StringComparison.OrdinalIgnoreCase)) is { } repository
            ? (repository.Name, _states.TryGetValue(repository.Name, out var s) ? s.Commit : null)
            : null;

    /// <summary>The problems of loads that were kept out, the last good set staying in force.</summary>
    public IEnumerable<DefinitionProblem> KeptOut =>
        _states.Values.SelectMany(s => s.KeptOut.Select(e => new DefinitionProblem(e, s.Repository, s.Attempted, InForce: false)));

    /// <summary>The commit each repository last tried to load (whether its files were kept or not).</summary>
    public string? AttemptedCommit(string repository) => _states.TryGetValue(repository, out var s) ? s.Attempted : null;

    /// <summary>Loads every connected repository, one after another; a repository that fails is logged and left as it was.</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        await LookUpAsync(cancellationToken);
        foreach (var repository in connected.All)
        {
            await LoadAsync(repository, cancellationToken);
        }
    }

    /// <summary>
    /// Fetches the repository and reads its definitions at its branch's commit. Clean files replace what was in
    /// force; files with problems replace it only the first time (nothing good was in force), and otherwise are
    /// reported while the last good set stays. The commit is recorded in the store either way.
    /// </summary>
    public async Task LoadAsync(ConnectedRepository repository, CancellationToken cancellationToken)
    {
        MirroredFolder read;
        try
        {
            read = await mirrors.ReadFolderAsync(repository.Url, repository.Branch, Folder, Extensions, cancellationToken);
        }
        catch (Exception ex) when (ex is GitException or IOException or InvalidOperationException)
        {
            Log.FetchFailed(logger, repository.Name, ex.Message);
            _states.AddOrUpdate(
                repository.Name,
                _ => new State(repository.Name) { Error = $"could not read {repository.Name}: {ex.Message}" },
                (_, s) => s with { Error = $"could not read {repository.Name}: {ex.Message}" });
            Changed?.Invoke(this, EventArgs.Empty);
            return;
        }

        var parsed = read.Files.Select(f => Parse(repository, read.Commit, f.Path, f.Text)).ToList();
        var problems = DefinitionSet.Create(parsed).AllErrors;
        var previous = _states.GetValueOrDefault(repository.Name);
        var keep = problems.Count > 0 && previous?.Commit is not null;
        var state = keep
            ? previous! with { Attempted = read.Commit, KeptOut = problems, Error = $"{problems.Count} problem(s) at {read.Commit}: the definitions of {previous!.Commit} stay in force" }
            : new State(repository.Name) { Branch = read.Branch, Commit = read.Commit, Attempted = read.Commit, LoadedAt = time.GetUtcNow(), Files = parsed };
        _states[repository.Name] = state;
        Log.Loaded(logger, repository.Name, read.Branch, read.Commit, parsed.Count(p => p.Result.Succeeded), problems.Count, keep);
        foreach (var problem in problems)
        {
            Log.Problem(logger, problem.ToString());
        }

        await store.Value.RecordAsync(new DefinitionSource(repository.Name, read.Branch, read.Commit, time.GetUtcNow(), problems.Count == 0 ? null : string.Join("\n", problems)), cancellationToken);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Loads every repository whose commit recorded in the store differs from the one this instance last
    /// tried (another instance loaded it, or a push recorded it), and every one this instance never tried.
    /// Returns how many were loaded.
    /// </summary>
    public async Task<int> ConvergeAsync(CancellationToken cancellationToken)
    {
        var sources = await store.Value.ListAsync(cancellationToken);
        // Another instance loaded a repository this one does not connect, after this one's lookup: an installation changed.
        if (connected.LookupDue || (connected.FromApp && sources.Any(s => s.LoadedAt > connected.LookedUpAt && !Covers(s.Repository))))
        {
            await LookUpAsync(cancellationToken);
        }

        var recorded = sources.ToDictionary(s => s.Repository, s => s.Commit, StringComparer.OrdinalIgnoreCase);
        var loaded = 0;
        foreach (var repository in connected.All)
        {
            if (!_states.ContainsKey(repository.Name)
                || (recorded.TryGetValue(repository.Name, out var commit) && !commit.Equals(AttemptedCommit(repository.Name), StringComparison.Ordinal)))
            {
                await LoadAsync(repository, cancellationToken);
                loaded++;
            }
        }

        return loaded;
    }

    /// <summary>
    /// A push to a connected repository's branch that touches <c>.automations/</c>: its new commit is recorded,
    /// so every instance (this one first, when its loop is woken) loads it. False when it concerns none.
    /// </summary>
    public async Task<bool> NoticePushAsync(DefinitionPush push, CancellationToken cancellationToken)
    {
        var repository = connected.All.FirstOrDefault(r => r.Name.Equals(push.Repository, StringComparison.OrdinalIgnoreCase));
        var branch = repository?.Branch ?? (repository is null ? null : _states.GetValueOrDefault(repository.Name)?.Branch);
        if (repository is null || branch is null || !branch.Equals(push.Branch, StringComparison.Ordinal))
        {
            return false;
        }

        Log.Pushed(logger, repository.Name, push.Branch, push.After);
        await store.Value.RecordAsync(new DefinitionSource(repository.Name, push.Branch, push.After, time.GetUtcNow(), null), cancellationToken);
        return true;
    }

    /// <summary>Whether <paramref name="repository"/> (<c>owner/name</c>) is connected.</summary>
    public bool Covers(string repository) => connected.All.Any(r => r.Name.Equals(repository, StringComparison.OrdinalIgnoreCase));

    /// <summary>Looks the GitHub App's repositories up, when it adds any; the definitions of a repository no longer connected leave.</summary>
    private async Task LookUpAsync(CancellationToken cancellationToken)
    {
        if (!await connected.LookUpAsync(cancellationToken))
        {
            return;
        }

        foreach (var gone in _states.Keys.Where(k => !Covers(k)).ToList())
        {
            _states.TryRemove(gone, out _);
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    private (string File, DefinitionParseResult Result) Parse(ConnectedRepository repository, string commit, string path, string text)
    {
        var file = $"{repository.Name}:{path}";
        var result = DefinitionParser.Parse(file, text, agents, repository.Scope);
        return (file, result.Definition is { } definition
            ? result with { Definition = definition with { Origin = new DefinitionOrigin(repository.Name, path, commit) } }
            : result);
    }

    private sealed record State(string Repository)
    {
        public string? Branch { get; init; }

        /// <summary>The commit of the files in force.</summary>
        public string? Commit { get; init; }

        /// <summary>The commit last read, in force or kept out.</summary>
        public string? Attempted { get; init; }

        public DateTimeOffset? LoadedAt { get; init; }

        public IReadOnlyList<(string File, DefinitionParseResult Result)> Files { get; init; } = [];

        public IReadOnlyList<DefinitionError> KeptOut { get; init; } = [];

        public string? Error { get; init; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Loaded automations from {Repository} {Branch} at {Commit}: {Count} valid, {Problems} problem(s); last good set kept: {Kept}")]
        public static partial void Loaded(ILogger logger, string repository, string branch, string commit, int count, int problems, bool kept);

        [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Automation definition problem: {Problem}")]
        public static partial void Problem(ILogger logger, string problem);

        [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Could not read the automations of {Repository}: {Reason}")]
        public static partial void FetchFailed(ILogger logger, string repository, string reason);

        [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "A push to {Repository} {Branch} touched .automations/; {Commit} is recorded for every instance to load")]
        public static partial void Pushed(ILogger logger, string repository, string branch, string commit);
    }
}
