using Automations.Core.Definitions;
using Automations.Core.Ports;

namespace Automations.Host.Definitions;

/// <summary>
/// The automations folder: every <c>*.yaml</c>/<c>*.yml</c> file under it, parsed into one immutable
/// <see cref="DefinitionSet"/>. A watcher reloads the whole folder shortly after any change, and the new
/// set replaces the old in one reference swap, so a request sees either the old set or the new one.
/// </summary>
public sealed partial class DefinitionFolder : IDefinitionCatalog, IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly IReadOnlyCollection<string> _agents;
    private readonly ILogger<DefinitionFolder> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _reloadGate = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _pending;
    private volatile DefinitionSet _current;

    /// <param name="path">The folder.</param>
    /// <param name="agents">The configured agents' names: a definition whose <c>agent.use</c> names none of them is an error.</param>
    /// <param name="logger">Where loads and problems are logged.</param>
    /// <param name="time">The clock.</param>
    public DefinitionFolder(string path, IReadOnlyCollection<string> agents, ILogger<DefinitionFolder> logger, TimeProvider time)
    {
        Path = System.IO.Path.GetFullPath(path);
        _agents = agents;
        _logger = logger;
        _time = time;
        Parsed = Parse(Path, agents);
        _current = DefinitionSet.Create(Parsed);
        LoadedAt = time.GetUtcNow();
    }

    /// <summary>Raised after every reload.</summary>
    public event EventHandler? Reloaded;

    /// <summary>Each file's parse result, as loaded last: what the engine's whole catalog is built from.</summary>
    public IReadOnlyList<(string File, DefinitionParseResult Result)> Parsed { get; private set; }

    public string Path { get; }

    public DefinitionSet Current => _current;

    public DateTimeOffset LoadedAt { get; private set; }

    /// <summary>
    /// Reads and parses every definition file in <paramref name="path"/> (a folder, or one file), checking
    /// <c>agent.use</c> against <paramref name="agents"/>. Pure apart from reading files.
    /// </summary>
    public static DefinitionSet Load(string path, IReadOnlyCollection<string> agents) => DefinitionSet.Create(Parse(path, agents));

    private static List<(string File, DefinitionParseResult Result)> Parse(string path, IReadOnlyCollection<string> agents) =>
        [.. Files(path).Select(f => (File: f, Result: DefinitionParser.Parse(f, ReadShared(f), agents)))];

    /// <summary>The definition files of <paramref name="path"/>: every <c>*.yaml</c> and <c>*.yml</c> under a folder, or the file itself.</summary>
    public static IReadOnlyList<string> Files(string path) =>
        Directory.Exists(path)
            ? [.. Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)]
            : File.Exists(path) ? [path] : [];

    public void Reload()
    {
        lock (_reloadGate)
        {
            Parsed = Parse(Path, _agents);
            _current = DefinitionSet.Create(Parsed);
            LoadedAt = _time.GetUtcNow();
        }

        Reloaded?.Invoke(this, EventArgs.Empty);

        Log.Loaded(_logger, Path, _current.Definitions.Count, _current.AllErrors.Count);
        foreach (var error in _current.AllErrors)
        {
            Log.DefinitionError(_logger, error.ToString());
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Loaded(_logger, Path, _current.Definitions.Count, _current.AllErrors.Count);
        foreach (var error in _current.AllErrors)
        {
            Log.DefinitionError(_logger, error.ToString());
        }

        if (!Directory.Exists(Path))
        {
            Log.MissingFolder(_logger, Path);
            return Task.CompletedTask;
        }

        _pending = _time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.DirectoryName | NotifyFilters.Size,
        };
        _watcher.Changed += OnChange;
        _watcher.Created += OnChange;
        _watcher.Deleted += OnChange;
        _watcher.Renamed += OnChange;
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _pending?.Dispose();
    }

    // Editors write a file in several steps; one reload after the burst settles.
    private void OnChange(object sender, FileSystemEventArgs e) => _pending?.Change(Debounce, Timeout.InfiniteTimeSpan);

    private static string ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Loaded automations from {Path}: {Count} in force, {Errors} problem(s)")]
        public static partial void Loaded(ILogger logger, string path, int count, int errors);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Automation definition problem: {Problem}")]
        public static partial void DefinitionError(ILogger logger, string problem);

        [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "The automations folder {Path} does not exist; no automation will match")]
        public static partial void MissingFolder(ILogger logger, string path);
    }
}
