using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Sessions;

namespace Automations.Integrations.Linear;

/// <summary>
/// One session's stream as Linear's agent activities: the agent's text is a <c>thought</c>, a tool call an
/// <c>action</c> (ephemeral while it runs, then with its result), a question an <c>elicitation</c> (with
/// <c>select</c> where it offered one set of choices), the end of a turn a <c>response</c> with the agent's
/// final message, a failure an <c>error</c>, and a stop a <c>response</c>. <see cref="Add"/> takes events as
/// they come; <see cref="Drain"/>, called once per <see cref="Interval"/>, answers what to post: the text of an
/// interval is one thought, at most <see cref="MaxPerDrain"/> go per interval, and the rest wait their turn, the
/// oldest folded into one thought when more than <see cref="MaxBacklog"/> wait.
/// Linear allows an app 5,000 requests an hour (a leaky bucket); this keeps one session at most 3,600 an hour
/// in the worst case and nearer one a turn's step in practice, and the client waits out a <c>RATELIMITED</c> answer.
/// </summary>
public sealed class LinearActivityFeed
{
    /// <summary>How often a session's activities are posted: every two seconds.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>The most activities one session posts per interval: two.</summary>
    public const int MaxPerDrain = 2;

    /// <summary>The most activities waiting for their turn: beyond ten, the oldest fold into one thought.</summary>
    public const int MaxBacklog = 10;

    /// <summary>The longest body posted.</summary>
    public const int MaxBody = 4000;

    private readonly StringBuilder _thought = new();
    private readonly List<LinearActivity> _ready = [];
    private readonly Dictionary<string, (string Name, string Parameter, bool Shown)> _open = new(StringComparer.Ordinal);
    private string? _lastText;
    private bool _turnEnded;

    /// <summary>The final activity said the session was stopped.</summary>
    private bool _stopped;

    /// <summary>The agent's plan, when it changed since the last <see cref="TakePlan"/>.</summary>
    private JsonArray? _plan;

    /// <summary>The event types a feed reads; it passes over any other.</summary>
    public static IReadOnlyList<string> Types { get; } =
    [
        SessionEventTypes.Prompt, SessionEventTypes.Token, SessionEventTypes.ToolStart, SessionEventTypes.ToolEnd,
        SessionEventTypes.Question, SessionEventTypes.MessageComplete, SessionEventTypes.Status,
    ];

    /// <summary>The statuses that make a last word whatever came before them (<see cref="Moved"/>'s cases); any other at rest makes one only when a turn ended.</summary>
    public static IReadOnlySet<string> FinalStatuses { get; } = new HashSet<string>(StringComparer.Ordinal) { SessionStatus.Errored, SessionStatus.Killed, SessionStatus.Terminated };

    /// <summary>The statuses of a session not at rest: none of them makes a last word.</summary>
    public static IReadOnlySet<string> MovingStatuses { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SessionStatus.Queued, SessionStatus.Spawning, SessionStatus.Working, SessionStatus.Stuck, SessionStatus.NeedsInput,
    };

    /// <summary>A final activity (response or error) was made and nothing has run since.</summary>
    public bool Finished { get; private set; }

    /// <summary>The last final activity made: the session's last word, with the id it has whenever it is made from the same events.</summary>
    public LinearActivity? LastWord { get; private set; }

    public void Add(SessionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e.Type)
        {
            case SessionEventTypes.Prompt:
                Finished = false;
                _stopped = false;
                _turnEnded = false;
                break;
            case SessionEventTypes.Token when Text(e.Data, "stream") is "assistant" or "thinking" or "stdout" && Text(e.Data, "text") is { Length: > 0 } text:
                _thought.Append(_thought.Length > 0 ? "\n" : string.Empty).Append(text.TrimEnd());
                if (Text(e.Data, "stream") != "thinking")
                {
                    _lastText = text.Trim();
                }

                break;
            case SessionEventTypes.ToolStart:
                FlushThought();
                var name = Text(e.Data, "name") ?? "tool";
                var input = e.Data.TryGetProperty("input", out var i) ? i : (JsonElement?)null;
                _plan = LinearToolCalls.Plan(name, input) ?? _plan;
                _open[Text(e.Data, "id") ?? name] = (name, LinearToolCalls.Parameter(input), false);
                break;
            case SessionEventTypes.ToolEnd:
                FlushThought();
                var id = Text(e.Data, "id") ?? Text(e.Data, "name") ?? "tool";
                var started = _open.Remove(id, out var call) ? call : (Name: Text(e.Data, "name") ?? "tool", Parameter: string.Empty, Shown: false);
                var isError = e.Data.TryGetProperty("isError", out var err) && err.ValueKind == JsonValueKind.True;
                _ready.Add(LinearActivity.ToolCall(started.Name, started.Parameter, LinearToolCalls.Result(Text(e.Data, "output"), isError)));
                break;
            case SessionEventTypes.Question:
                FlushThought();
                _ready.Add(Elicitation(e.Data));
                break;
            case SessionEventTypes.MessageComplete:
                _turnEnded = true;
                _lastText = Text(e.Data, "result") ?? _lastText;
                break;
            case SessionEventTypes.Status:
                Moved(e, Text(e.Data, "status"), Text(e.Data, "reason"));
                break;
        }
    }

    /// <summary>The agent's plan when it changed since it was last taken, else null.</summary>
    public JsonArray? TakePlan()
    {
        var plan = _plan;
        _plan = null;
        return plan;
    }

    /// <summary>What to post now, in order: at most <see cref="MaxPerDrain"/>, the earlier ones folded into one thought.</summary>
    public IReadOnlyList<LinearActivity> Drain()
    {
        FlushThought();
        foreach (var (id, call) in _open.Where(o => !o.Value.Shown).ToList())
        {
            _ready.Add(LinearActivity.ToolCall(call.Name, call.Parameter, result: null));
            _open[id] = call with { Shown = true };
        }

        if (_ready.Count > MaxBacklog)
        {
            // Behind by more than a burst: the oldest fold into one thought, the newest stay as they are.
            var fold = _ready.Count - MaxBacklog + 1;
            var folded = string.Join('\n', _ready.Take(fold).Select(Line));
            _ready.RemoveRange(0, fold);
            _ready.Insert(0, LinearActivity.Of(LinearActivity.Thought, Cut(folded)));
        }

        var drained = _ready.Take(MaxPerDrain).ToList();
        _ready.RemoveRange(0, drained.Count);
        return drained;
    }

    /// <summary>Something is waiting to be posted.</summary>
    public bool HasPending => _ready.Count > 0 || _thought.Length > 0;

    private void Moved(SessionEvent e, string? status, string? reason)
    {
        switch (status)
        {
            case SessionStatus.Working:
                Finished = false;
                _stopped = false;
                return;
            case null:
            case string moving when MovingStatuses.Contains(moving):
                return;
            case SessionStatus.Errored:
                Final(e, LinearActivity.Of(LinearActivity.Error, Cut(reason is { Length: > 0 } ? $"The session failed: {reason}" : "The session failed.")));
                return;
            case SessionStatus.Killed when !_stopped:
                // Once: a stop that landed as a worker took the job is written again over its spawning.
                _stopped = true;
                Final(e, LinearActivity.Of(LinearActivity.Response, "Stopped: the session was stopped, and does nothing more."));
                return;
            case SessionStatus.Terminated:
                Final(e, LinearActivity.Of(LinearActivity.Response, Cut(reason is { Length: > 0 } ? $"Ended without running: {reason}" : "Ended without running.")));
                return;
            default:
                // done, pr_open and the pull request's statuses: a turn that ended says its last word once.
                if (_turnEnded && !Finished)
                {
                    Final(e, LinearActivity.Of(LinearActivity.Response, Cut(_lastText ?? "Done.")));
                }

                return;
        }
    }

    private void Final(SessionEvent e, LinearActivity activity)
    {
        activity = activity with { Id = LastWordId(e) };
        LastWord = activity;
        // The final message was streamed as text too: it is said once, in the response.
        if (_lastText is { } last && _thought.ToString().Trim().EndsWith(last, StringComparison.Ordinal))
        {
            var rest = _thought.ToString().Trim()[..^last.Length].Trim();
            _thought.Clear().Append(rest);
        }

        FlushThought();
        _ready.Add(activity);
        _turnEnded = false;
        Finished = true;
    }

    /// <summary>
    /// The id of the last word that <paramref name="e"/> (a status) made: a UUID v4 in form, from a hash of the
    /// session and the event's place in it, so that the same last word, made again from the stored events, has the same id.
    /// </summary>
    public static string LastWordId(SessionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return LinearActivity.IdFrom(FormattableString.Invariant($"linear-last-word/{e.SessionId}/{e.Seq}"));
    }

    private void FlushThought()
    {
        if (_thought.Length > 0)
        {
            _ready.Add(LinearActivity.Of(LinearActivity.Thought, Cut(_thought.ToString())));
            _thought.Clear();
        }
    }

    /// <summary>A question, with Linear's <c>select</c> signal when it is one question with one choice to make.</summary>
    private static LinearActivity Elicitation(JsonElement data)
    {
        var body = Cut(Text(data, "text") ?? "The agent has a question.");
        var questions = StructuredQuestions.Read(data);
        if (questions is [{ MultiSelect: false, Options.Count: > 0 } only])
        {
            var options = new JsonArray([.. only.Options.Select(o => (JsonNode)new JsonObject { ["value"] = o.Label })]);
            return new LinearActivity(new JsonObject { ["type"] = LinearActivity.Elicitation, ["body"] = body }, Signal: "select", SignalMetadata: new JsonObject { ["options"] = options });
        }

        return LinearActivity.Of(LinearActivity.Elicitation, body);
    }

    private static string Line(LinearActivity activity) => activity.Type == LinearActivity.Action
        ? $"- {activity.Content["action"]} {activity.Content["parameter"]}".TrimEnd()
        : (string?)activity.Content["body"] ?? string.Empty;

    private static string Cut(string text) => LinearToolCalls.Cut(text.Trim(), MaxBody);

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
