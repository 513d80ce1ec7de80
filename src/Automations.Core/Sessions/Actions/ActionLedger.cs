using System.Text.Json;

namespace Automations.Core.Sessions.Actions;

/// <summary>
/// What a session's actions have done, folded from its <c>action</c> events: for each key, its last
/// state. A side effect is preceded by <c>started</c>, so a retry that finds <c>started</c> without
/// <c>done</c> knows to look at the provider first (a pull request by its head, a comment by its marker)
/// instead of doing it again.
/// </summary>
public sealed class ActionLedger
{
    public const string Started = "started";
    public const string Done = "done";
    public const string Failed = "failed";

    private readonly Dictionary<string, ActionEntry> _entries;

    private ActionLedger(Dictionary<string, ActionEntry> entries) => _entries = entries;

    public IReadOnlyCollection<ActionEntry> Entries => _entries.Values;

    public static ActionLedger From(IEnumerable<SessionEvent> events)
    {
        var entries = new Dictionary<string, ActionEntry>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Type == SessionEventTypes.Action && e.Data.TryGetProperty("key", out var key) && key.GetString() is { } name)
            {
                entries[name] = new ActionEntry(
                    name,
                    e.Data.TryGetProperty("state", out var state) ? state.GetString() ?? Started : Started,
                    e.Data.TryGetProperty("result", out var result) && result.ValueKind != JsonValueKind.Null ? result : null,
                    e.Data.TryGetProperty("error", out var error) ? error.GetString() : null,
                    e.Seq);
            }
        }

        return new ActionLedger(entries);
    }

    public ActionEntry? Find(string key) => _entries.GetValueOrDefault(key);

    public bool IsDone(string key) => _entries.TryGetValue(key, out var entry) && entry.State == Done;

    /// <summary>How many keys starting with <paramref name="prefix"/> are done.</summary>
    public int CountDone(string prefix) => _entries.Values.Count(e => e.State == Done && e.Key.StartsWith(prefix, StringComparison.Ordinal));
}

/// <summary>One action's last step.</summary>
public sealed record ActionEntry(string Key, string State, JsonElement? Result, string? Error, long Seq);
