using System.Globalization;
using System.Text.Json;

namespace Automations.Bench.Console;

/// <summary>A session row as the store keeps it, with the columns the console reads.</summary>
internal sealed record SeedSession(
    string Id, string Status, string? Activity, int? PrNumber, long CreatedAt, long UpdatedAt, string? Error, long LastSeq, string? Question, double Cost, long Input, long Output, int Turns);

/// <summary>One stored event.</summary>
internal readonly record struct SeedEvent(string SessionId, long Seq, long At, string Type, string Data);

/// <summary>
/// A store's worth of sessions from a fixed seed: <c>sessions</c> over the last 30 days (ids time-ordered, as
/// the engine makes them), most of them ended and a few hundred live in every lane of the front page, and
/// <c>events</c> events in all: one long session holds <see cref="LongSessionEvents"/>, the others share the
/// rest (a trigger, a prompt, statuses, the agent's output, pull request news where they have one).
/// </summary>
internal sealed class SeedData
{
    public const string Automation = "autofix";
    public const string Repository = "acme/web";

    /// <summary>Live sessions by status; every other session ended.</summary>
    private static readonly (string Status, int Count)[] LiveCounts =
    [
        ("needs_input", 40), ("stuck", 20), ("pr_open", 150), ("ci_failed", 40), ("review_pending", 80), ("changes_requested", 40),
        ("approved", 20), ("mergeable", 20), ("working", 60), ("spawning", 5), ("queued", 300),
    ];

    private static readonly string[] PrStatuses = ["pr_open", "ci_failed", "review_pending", "changes_requested", "approved", "mergeable", "merged"];

    private readonly long _now;

    public SeedData(int sessions, int events, DateTimeOffset now)
    {
        _now = now.ToUnixTimeMilliseconds();
        LongSessionEvents = Math.Min(50_000, events / 2);
        var random = new Random(42);
        var span = (long)TimeSpan.FromDays(30).TotalMilliseconds;
        var statuses = Enumerable.Range(0, sessions).Select(_ => random.NextDouble() switch { < 0.80 => "done", < 0.90 => "merged", < 0.96 => "errored", _ => "killed" }).ToArray();
        var recent = Math.Max(sessions - 10_000, 0);
        foreach (var (status, count) in LiveCounts)
        {
            for (var placed = 0; placed < count && sessions > 1;)
            {
                var i = random.Next(recent, sessions - 1);
                if (statuses[i] is "done" or "merged" or "errored" or "killed")
                {
                    statuses[i] = status;
                    placed++;
                }
            }
        }

        LongSessionIndex = sessions / 2;
        statuses[LongSessionIndex] = "done";
        var rest = events - LongSessionEvents;
        Sessions = [.. Enumerable.Range(0, sessions).Select(i =>
        {
            var created = _now - span + (span * i / sessions);
            var count = i == LongSessionIndex ? LongSessionEvents : (int)((long)rest * (i + 1) / (sessions - 1) - (long)rest * i / (sessions - 1));
            var status = statuses[i];
            var pr = PrStatuses.Contains(status) || (status == "done" && i % 3 == 0) ? 1000 + i : (int?)null;
            return new SeedSession(
                Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(created)).ToString("N"),
                status,
                status is "working" or "spawning" ? "active" : status == "needs_input" ? "waiting_input" : "exited",
                pr,
                created,
                created + 60_000 + i % 600_000,
                status is "errored" or "stuck" ? "agent exited with code 1" : null,
                Math.Max(count, 1),
                status == "needs_input" ? "Which browser should I test first?" : null,
                Math.Round(0.05 + (i % 97) / 50.0, 4),
                10_000 + i % 5_000,
                2_000 + i % 900,
                1 + i % 12);
        })];
    }

    public IReadOnlyList<SeedSession> Sessions { get; }

    public int LongSessionIndex { get; }

    public int LongSessionEvents { get; }

    public SeedSession LongSession => Sessions[LongSessionIndex];

    public long EventCount => Sessions.Sum(s => s.LastSeq);

    /// <summary>Every session's events, in session order, then seq order.</summary>
    public IEnumerable<SeedEvent> Events()
    {
        foreach (var s in Sessions)
        {
            var at = s.CreatedAt;
            for (var seq = 1L; seq <= s.LastSeq; seq++)
            {
                var (type, data) = Event(s, seq);
                yield return new SeedEvent(s.Id, seq, at + seq * 50, type, data);
            }
        }
    }

    private static (string Type, string Data) Event(SeedSession s, long seq)
    {
        var last = seq == s.LastSeq;
        return seq switch
        {
            1 => ("status", Json(new { status = "queued", reason = $"github delivery d-{s.Id[..12]}" })),
            2 => ("spec", Json(new { repository = Repository, @base = "main", branch = $"automations/{Automation}/{s.Id}", agent = "claude", concurrencyKey = (string?)null })),
            3 => ("prompt", Json(new { text = $"Fix issue #{s.CreatedAt % 5000}: the login button does nothing on Safari. Find the cause, fix it, and add a test that fails without the fix.", resume = false })),
            4 => ("status", Json(new { status = "working", reason = "agent 'claude' started" })),
            _ when last && s.Status == "needs_input" => ("status", Json(new { status = "needs_input", reason = "the agent asked a question", question = s.Question })),
            _ when last => ("status", Json(new { status = s.Status, reason = s.Status == "done" ? "finished" : s.Status.Replace('_', ' ') })),
            _ when seq == s.LastSeq - 1 && s.PrNumber is { } number => ("pull_request", Json(new { kind = s.Status == "ci_failed" ? "ci_failed" : "opened", branch = $"automations/{Automation}/{s.Id}", number, url = $"https://github.com/{Repository}/pull/{number}" })),
            _ when seq % 25 == 7 => ("tool_start", Json(new { id = $"toolu_{seq}", name = "Bash", input = new { command = "dotnet test --filter Login" } })),
            _ when seq % 25 == 8 => ("tool_end", Json(new { id = $"toolu_{seq - 1}", name = "Bash", isError = false, output = "Passed!  - Failed: 0, Passed: 12" })),
            _ => ("token", Json(new { stream = seq % 5 == 0 ? "stdout" : "assistant", text = $"Line {seq.ToString(CultureInfo.InvariantCulture)}: reading src/Login/Button.tsx and its test to see why the click handler is not bound on Safari. " })),
        };
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
