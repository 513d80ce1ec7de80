namespace Automations.Core.Sessions;

/// <summary>Exponential backoff with jitter for job retries.</summary>
public static class Backoff
{
    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> (1 after the first failure):
    /// <c>baseDelay * 2^(attempt-1)</c>, capped at <paramref name="maxDelay"/>, then scaled by a jitter
    /// factor between 0.5 and 1.5 taken from <paramref name="jitterSample"/> in [0, 1).
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitterSample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var factor = 0.5 + Math.Clamp(jitterSample, 0, 1);
        return TimeSpan.FromMilliseconds(raw * factor);
    }
}
