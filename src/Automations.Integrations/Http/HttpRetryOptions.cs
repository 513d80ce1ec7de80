namespace Automations.Integrations.Http;

/// <summary>
/// How a provider client retries (<c>Automations:{Provider}:Retry</c>): exponential backoff with jitter
/// on 5xx and network errors; the provider's own wait (<c>Retry-After</c>, a rate limit's reset) on 429
/// and rate limits, as long as that wait is no longer than <see cref="MaxWait"/>.
/// </summary>
public sealed class HttpRetryOptions
{
    /// <summary>Retries after the first attempt. Default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first backoff; each next one doubles, with jitter. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest single wait: a backoff grows no further, and a provider that asks for a longer wait
    /// (<c>Retry-After</c>, a rate limit's reset) gets no retry; the call fails with a rate-limited error.
    /// Default 5 minutes.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt may take, on the real clock (it bounds network I/O). Default 100 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The problems with these settings, named under <paramref name="section"/>; empty when they are good.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (MaxRetries is < 1 or > 20)
        {
            yield return $"{section}:Retry:MaxRetries must be between 1 and 20.";
        }

        if (BaseDelay <= TimeSpan.Zero || BaseDelay > MaxWait)
        {
            yield return $"{section}:Retry:BaseDelay must be positive and at most MaxWait.";
        }

        if (MaxWait <= TimeSpan.Zero || MaxWait > TimeSpan.FromHours(2))
        {
            yield return $"{section}:Retry:MaxWait must be positive and at most 2 hours.";
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            yield return $"{section}:Retry:AttemptTimeout must be positive.";
        }
    }
}
