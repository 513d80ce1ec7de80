using System.Net;

namespace Automations.Integrations.Http;

/// <summary>
/// Which answers are retried, and after how long. The default: 429 waits out <c>Retry-After</c> (or
/// backs off when there is none); 5xx backs off, or waits out <c>Retry-After</c> when given. Providers
/// with rate limits of their own (GitHub, Linear) add to it.
/// </summary>
public class RetryRules
{
    public static readonly RetryRules Default = new();

    public virtual ValueTask<RetryAdvice> AdviseAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return ValueTask.FromResult(new RetryAdvice(RetryKind.RateLimited, RetryAfter.From(response.Headers, now)));
        }

        // 501 Not Implemented and 505 are answers about the request, not passing failures.
        if (status >= 500 && response.StatusCode is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported)
        {
            return ValueTask.FromResult(new RetryAdvice(RetryKind.Transient, RetryAfter.From(response.Headers, now)));
        }

        return ValueTask.FromResult(RetryAdvice.None);
    }
}
