using System.Text;
using System.Text.Json;
using Automations.Host.Functions;

namespace Automations.Host.Tests.Functions;

/// <summary><c>Data.req.Body</c> as the host sends it: the body's text as a JSON string, unescaped to the bytes GitHub signed.</summary>
public sealed class HttpTriggerBodyTests
{
    [Theory]
    [InlineData("""{"action":"labeled","title":"Caf\u00e9 \"quoted\"\r\n\ttab \\ slash \/ \ud83d\ude80"}""")]
    [InlineData("plain text, no escape at all")]
    [InlineData("")]
    public void Read_TextBody_IsTheUnescapedUtf8(string body)
    {
        var request = HttpTriggerRequest.Read(Request(JsonSerializer.Serialize(body), "application/json"), out var error);

        Assert.True(request is not null, error);
        Assert.Equal(Encoding.UTF8.GetBytes(body), request.Body.ToArray());
    }

    [Fact]
    public void Read_BodyEscapingALoneSurrogate_IsRefusedWithItsReason()
    {
        var request = HttpTriggerRequest.Read(Request("\"x \\ud800 y\"", "application/json"), out var error);

        Assert.Null(request);
        Assert.Equal("Data.req.Body is no Unicode text (it escapes a lone surrogate)", error);
    }

    [Fact]
    public void Read_BinaryBody_IsDecodedFromBase64()
    {
        var request = HttpTriggerRequest.Read(Request("\"AAEC/w==\"", "application/octet-stream"), out var error);

        Assert.True(request is not null, error);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, request.Body.ToArray());
    }

    private static JsonElement Request(string bodyJson, string contentType) =>
        JsonDocument.Parse($$"""{"Url":"https://app.example.net/webhooks/github","Method":"POST","Headers":{"Content-Type":["{{contentType}}"]},"Body":{{bodyJson}}}""").RootElement.Clone();
}
