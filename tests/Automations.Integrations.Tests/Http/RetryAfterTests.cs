using System.Net;
using Automations.Integrations.Http;

namespace Automations.Integrations.Tests.Http;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30", 30)]
    [InlineData("0", 0)]
    [InlineData("Mon, 05 Jan 2026 09:01:30 GMT", 90)]
    [InlineData("Mon, 05 Jan 2026 08:00:00 GMT", 0)]
    public void From_SecondsOrHttpDate_IsTheWaitFromNow(string header, int seconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", header);

        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.From(response.Headers, Now));
    }

    [Fact]
    public void From_NoHeader_IsNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Null(RetryAfter.From(response.Headers, Now));
    }

    [Fact]
    public void UntilEpochSeconds_Reset_IsTheWaitUntilIt()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden);
        response.Headers.Add("x-ratelimit-reset", Now.AddMinutes(3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromMinutes(3), RetryAfter.UntilEpochSeconds(response.Headers, "x-ratelimit-reset", Now));
    }

    [Theory]
    [InlineData("<https://api.github.com/x?page=2>; rel=\"next\", <https://api.github.com/x?page=5>; rel=\"last\"", "https://api.github.com/x?page=2")]
    [InlineData("<https://api.github.com/x?page=1>; rel=\"prev\", <https://api.github.com/x?page=1>; rel=\"first\"", null)]
    [InlineData("<https://sentry.io/api/0/x?cursor=0:100:0>; rel=\"next\"; results=\"false\"; cursor=\"0:100:0\"", null)]
    public void Next_LinkHeader_IsTheNextPageOrNull(string link, string? expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("Link", link);

        Assert.Equal(expected, LinkHeader.Next(response.Headers, new Uri("https://api.github.com/"))?.ToString());
    }
}
