using System.Net;
using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

/// <summary>
/// GitHub's rate limits, as its REST documentation describes them. A 403 or 429 is a rate limit when
/// it has <c>retry-after</c> (wait that long), or <c>x-ratelimit-remaining: 0</c> (wait until
/// <c>x-ratelimit-reset</c>, UTC epoch seconds), or a message about a secondary rate limit (wait at
/// least a minute). Any other 403 is a permission problem and is not retried.
/// </summary>
public sealed class GitHubRetryRules : RetryRules
{
    /// <summary>GitHub's advice for a secondary rate limit that names no wait.</summary>
    public static readonly TimeSpan SecondaryLimitWait = TimeSpan.FromMinutes(1);

    public override async ValueTask<RetryAdvice> AdviseAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is not HttpStatusCode.Forbidden and not HttpStatusCode.TooManyRequests)
        {
            return await base.AdviseAsync(response, now, cancellationToken);
        }

        if (RetryAfter.From(response.Headers, now) is { } retryAfter)
        {
            return new RetryAdvice(RetryKind.RateLimited, retryAfter);
        }

        if (RetryAfter.Header(response.Headers, "x-ratelimit-remaining") == "0"
            && RetryAfter.UntilEpochSeconds(response.Headers, "x-ratelimit-reset", now) is { } untilReset)
        {
            return new RetryAdvice(RetryKind.RateLimited, untilReset);
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase))
        {
            return new RetryAdvice(RetryKind.RateLimited, SecondaryLimitWait);
        }

        return response.StatusCode == HttpStatusCode.TooManyRequests ? new RetryAdvice(RetryKind.RateLimited, null) : RetryAdvice.None;
    }
}
