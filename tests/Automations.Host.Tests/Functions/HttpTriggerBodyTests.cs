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
    [InlineData("\u0000\u0001\b\f \u001f \u007f \u00e9\u20ac\ufffd \U0001F680 ends with an escape\n")]
    public void Read_TextBody_IsTheUnescapedUtf8(string body)
    {
        var request = HttpTriggerRequest.Read(Request(JsonSerializer.Serialize(body), "application/json"), out var error);

        Assert.True(request is not null, error);
        Assert.Equal(Encoding.UTF8.GetBytes(body), request.Body.ToArray());
    }

    [Fact]
    public void Read_TextBodiesEscapedEveryWay_AreTheirUtf8()
    {
        // Random text over every range an escape can name, escaped as the host may: each non-ASCII character,
        // or only what JSON requires; the unescaped bytes must be the text's own UTF-8.
        var random = new Random(1906);
        var escapeAll = new JsonSerializerOptions();
        var escapeLittle = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        for (var round = 0; round < 300; round++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(0, 40); i > 0; i--)
            {
                text.Append(random.Next(6) switch
                {
                    0 => ((char)random.Next(0, 0x20)).ToString(),
                    1 => "\"\\/",
                    2 => ((char)random.Next(0x80, 0x800)).ToString(),
                    3 => ((char)random.Next(0x800, 0xD800)).ToString(),
                    4 => char.ConvertFromUtf32(random.Next(0x10000, 0x110000)),
                    _ => "plain ascii ",
                });
            }

            var body = text.ToString();
            foreach (var options in new[] { escapeAll, escapeLittle })
            {
                var request = HttpTriggerRequest.Read(Request(JsonSerializer.Serialize(body, options), "application/json"), out var error);
                Assert.True(request is not null, error);
                Assert.Equal(Encoding.UTF8.GetBytes(body), request.Body.ToArray());
            }
        }
    }

    [Theory]
    [InlineData("\"x \\ud800 y\"")]
    [InlineData("\"x \\udc00\"")]
    [InlineData("\"\\ud83d\\u0041\"")]
    [InlineData("\"\\ud83d\\n\\ude80\"")]
    [InlineData("\"ends with a high half \\ud83d\"")]
    public void Read_BodyEscapingALoneSurrogate_IsRefusedWithItsReason(string bodyJson)
    {
        var request = HttpTriggerRequest.Read(Request(bodyJson, "application/json"), out var error);

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
