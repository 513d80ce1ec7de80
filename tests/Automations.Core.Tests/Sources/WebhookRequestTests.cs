using System.Text;
using Automations.Core.Sources;

namespace Automations.Core.Tests.Sources;

public sealed class WebhookRequestTests
{
    private static WebhookRequest Request(string body) =>
        new("github", WebhookRequest.HeadersOf([]), Encoding.UTF8.GetBytes(body));

    [Fact]
    public void JsonObject_CopyWithAnotherBody_ParsesTheNewBody()
    {
        var first = Request("""{"action":"opened"}""");
        Assert.Null(first.JsonObject(out var before));
        Assert.Equal("opened", before.GetProperty("action").GetString());

        var copy = first with { Body = Encoding.UTF8.GetBytes("""{"action":"closed"}""") };

        Assert.Null(copy.JsonObject(out var after));
        Assert.Equal("closed", after.GetProperty("action").GetString());
        Assert.Null(first.JsonObject(out var again));
        Assert.Equal("opened", again.GetProperty("action").GetString());
    }

    [Theory]
    [InlineData("[1, 2]", "The body is a JSON array, not an object.")]
    [InlineData("{\"a\":", "The body is not JSON: ")]
    public void JsonObject_NotAnObject_GivesTheReasonEveryTime(string body, string reason)
    {
        var request = Request(body);

        Assert.StartsWith(reason, request.JsonObject(out _), StringComparison.Ordinal);
        Assert.StartsWith(reason, request.JsonObject(out _), StringComparison.Ordinal);
    }
}
