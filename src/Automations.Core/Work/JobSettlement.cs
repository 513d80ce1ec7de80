using System.Globalization;

namespace Automations.Core.Work;

/// <summary>What a worker did with a job: the value both hosts act on, and the one line the log tells.</summary>
/// <param name="End">What became of the job.</param>
/// <param name="SessionId">Its session.</param>
/// <param name="Attempt">The job's attempt that ran (1 for the first run, 2 for the first retry).</param>
/// <param name="Standing">The session after the run; null when it does not exist.</param>
/// <param name="Duration">How long the run took.</param>
/// <param name="Until">When the job runs again, for <see cref="JobEnd.Postponed"/> and <see cref="JobEnd.Retrying"/>.</param>
/// <param name="Reason">Why it waits, was requeued or failed.</param>
public sealed record JobSettlement(JobEnd End, string SessionId, int Attempt, SessionStanding? Standing, TimeSpan Duration, DateTimeOffset? Until = null, string? Reason = null)
{
    /// <summary>The session's true end in one line: status, attempt, turn, cost, duration, and what became of the job.</summary>
    public string Describe()
    {
        var standing = Standing is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"{s.Status}, attempt {Math.Max(s.Attempt, 1)}, turn {s.Turn}, ${s.CostUsd:0.####}")
            : "gone";
        var job = End switch
        {
            JobEnd.Completed => "job completed",
            JobEnd.Postponed => $"job waits until {Time(Until)}",
            JobEnd.Requeued => "job back in the queue",
            JobEnd.Retrying => $"job attempt {Attempt} failed, retried at {Time(Until)}",
            _ => $"job dead after attempt {Attempt}",
        };
        var because = Reason is null ? string.Empty : $": {Reason}";
        return string.Create(CultureInfo.InvariantCulture, $"{standing}, {Duration.TotalSeconds:0.0} s; {job}{because}");
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "?";
}
