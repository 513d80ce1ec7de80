using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Prebuilds;

/// <summary>
/// The prebuilds that pushes ask for, built in the background (<see cref="IPrebuilds.BuildAtAsync"/>): at most
/// one build per repository at a time, and a request waiting for its turn is replaced by a newer one for the
/// same prebuild (its commands and paths), so a burst of pushes builds the first and the last. Asking returns
/// at once; each outcome is logged. What is waiting lives in this process only: an engine that stops drops it,
/// and the next session or push asks again.
/// </summary>
public sealed partial class PrebuildQueue(IPrebuilds prebuilds, TimeProvider time, ILogger<PrebuildQueue> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, Wanted>> _waiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>A prebuild asked for: what, at which commit, and for which automation (for the log).</summary>
    private sealed record Wanted(PrebuildRequest Request, string Commit, string Automation);

    /// <summary>Builds <paramref name="request"/> at <paramref name="commit"/> of the repository at <paramref name="repositoryUrl"/> in the background.</summary>
    public void Request(string repositoryUrl, PrebuildRequest request, string commit, string automation)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool start;
        lock (_gate)
        {
            if (!_waiting.TryGetValue(repositoryUrl, out var waiting))
            {
                _waiting[repositoryUrl] = waiting = new Dictionary<string, Wanted>(StringComparer.Ordinal);
            }

            if (waiting.TryGetValue(request.Key, out var older) && older.Commit != commit)
            {
                Log.Superseded(logger, Short(older.Commit), Short(commit), RepositoryLocation.WithoutUserInfo(repositoryUrl));
            }

            waiting[request.Key] = new Wanted(request, commit, automation);
            start = _running.Add(repositoryUrl);
        }

        if (start)
        {
            _ = Task.Run(() => RunAsync(repositoryUrl));
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>Builds what is waiting for the repository, one after another, until nothing is.</summary>
    private async Task RunAsync(string repositoryUrl)
    {
        while (true)
        {
            Wanted next;
            lock (_gate)
            {
                if (_stopping.IsCancellationRequested || !_waiting.TryGetValue(repositoryUrl, out var waiting) || waiting.Count == 0)
                {
                    _waiting.Remove(repositoryUrl);
                    _running.Remove(repositoryUrl);
                    return;
                }

                var first = waiting.First();
                waiting.Remove(first.Key);
                next = first.Value;
            }

            await BuildAsync(repositoryUrl, next);
        }
    }

    private async Task BuildAsync(string repositoryUrl, Wanted wanted)
    {
        var started = time.GetTimestamp();
        var shown = RepositoryLocation.WithoutUserInfo(repositoryUrl);
        try
        {
            var use = await prebuilds.BuildAtAsync(wanted.Request, repositoryUrl, wanted.Commit, _stopping.Token);
            var ms = (long)time.GetElapsedTime(started).TotalMilliseconds;
            if (use.Problem is { } problem)
            {
                Log.Failed(logger, Short(wanted.Commit), shown, wanted.Automation, RepositoryLocation.WithoutUserInfo(problem));
            }
            else if (use.Built)
            {
                Log.Built(logger, Short(wanted.Commit), shown, wanted.Automation, ms);
            }
            else
            {
                Log.Ready(logger, Short(wanted.Commit), shown, wanted.Automation);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && _stopping.IsCancellationRequested)
        {
            // The engine is stopping: what was building is left to the next session or push.
        }
        catch (Exception ex)
        {
            // A bug or the unplanned: logged, and the queue goes on; sessions build what they need as before.
            Log.Crashed(logger, Short(wanted.Commit), shown, wanted.Automation, ex);
        }
    }

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "The prebuild at {Commit} of {Repository} for automation {Automation} is ready, built after a push in {Milliseconds} ms")]
        public static partial void Built(ILogger logger, string commit, string repository, string automation, long milliseconds);

        [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "The prebuild at {Commit} of {Repository} for automation {Automation} was ready already; the push builds nothing")]
        public static partial void Ready(ILogger logger, string commit, string repository, string automation);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "The prebuild at {Commit} of {Repository} for automation {Automation} was not built after a push: {Problem}. Its sessions run its commands as setup")]
        public static partial void Failed(ILogger logger, string commit, string repository, string automation, string problem);

        [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "The prebuild at {Older} of {Repository}, still waiting, is replaced by the one at {Newer}")]
        public static partial void Superseded(ILogger logger, string older, string newer, string repository);

        [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "The prebuild at {Commit} of {Repository} for automation {Automation} broke off; sessions build it when they need it")]
        public static partial void Crashed(ILogger logger, string commit, string repository, string automation, Exception exception);
    }
}
