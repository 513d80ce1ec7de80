namespace Automations.Testing.Fakes;

/// <summary>A failure a fake answers with instead of doing the request: a status, headers and a body.</summary>
public sealed record FakeFailure(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static FakeFailure ServerError(string body = """{"message":"Server Error"}""") => new(500, new Dictionary<string, string>(), body);

    /// <summary>429 with <c>Retry-After</c> in seconds.</summary>
    public static FakeFailure TooManyRequests(int retryAfterSeconds, string body = """{"message":"Too Many Requests"}""") =>
        new(429, new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }, body);

    /// <summary>GitHub's secondary rate limit: 403 with its message, and <c>retry-after</c> when given.</summary>
    public static FakeFailure GitHubSecondaryRateLimit(int? retryAfterSeconds = null) => new(
        403,
        retryAfterSeconds is { } seconds ? new Dictionary<string, string> { ["retry-after"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } : new Dictionary<string, string>(),
        """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}""");

    /// <summary>GitHub's primary rate limit: 403, <c>x-ratelimit-remaining: 0</c> and the reset in UTC epoch seconds.</summary>
    public static FakeFailure GitHubPrimaryRateLimit(DateTimeOffset reset) => new(
        403,
        new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        """{"message":"API rate limit exceeded for installation ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}""");
}
