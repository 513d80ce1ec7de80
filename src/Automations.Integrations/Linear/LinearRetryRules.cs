using System.Net;
using Automations.Integrations.Http;

namespace Automations.Integrations.Linear;

/// <summary>
/// Linear's rate limit: an answer whose GraphQL error has <c>extensions.code</c> <c>RATELIMITED</c>
/// (HTTP 400 or 429), waited out until <c>X-RateLimit-Requests-Reset</c> (UTC epoch milliseconds)
/// when given, else with backoff.
/// </summary>
public sealed class LinearRetryRules : RetryRules
{
    public override async ValueTask<RetryAdvice> AdviseAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Contains("RATELIMITED", StringComparison.Ordinal) || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter.From(response.Headers, now)
                    ?? RetryAfter.UntilEpochMilliseconds(response.Headers, "X-RateLimit-Requests-Reset", now)
                    ?? RetryAfter.UntilEpochMilliseconds(response.Headers, "X-RateLimit-Complexity-Reset", now);
                return new RetryAdvice(RetryKind.RateLimited, wait);
            }
        }

        return await base.AdviseAsync(response, now, cancellationToken);
    }
}
