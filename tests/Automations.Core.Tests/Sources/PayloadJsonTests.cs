using System.Text;
using System.Text.Json;
using Automations.Core.Sources;

namespace Automations.Core.Tests.Sources;

/// <summary>Bodies that JsonDocument parses but that cannot be read as text, and fields of the wrong JSON type.</summary>
public sealed class PayloadJsonTests
{
    [Theory]
    [InlineData("""{"title":"\ud800"}""", "\\ud800 at byte 10")]
    [InlineData("""{"title":"a\uDC00b"}""", "\\udc00 at byte 11")]
    [InlineData("""{"title":"\ud83d\u0041"}""", "\\ud83d at byte 10")]
    [InlineData("""{"title":"\ud83d"}""", "\\ud83d at byte 10")]
    [InlineData("""{"\udbff":1}""", "\\udbff at byte 2")]
    public void Parse_LoneSurrogateEscape_IsTheReason(string body, string where)
    {
        var error = PayloadJson.Parse(Encoding.UTF8.GetBytes(body), out var root);

        Assert.Equal($"The body holds a lone surrogate ({where}), which is no Unicode character: JSON text must be Unicode.", error);
        Assert.Equal(JsonValueKind.Undefined, root.ValueKind);
    }

    [Theory]
    [InlineData("""{"title":"\ud83d\ude00 \u00e9 \n \\ud800 \\\ud83d\ude00"}""")]
    [InlineData("""{"title":"\\\\ud800"}""")]
    [InlineData("""["\u0041", "\\", "\uD83D\uDE00"]""")]
    public void Parse_PairsAndEscapedBackslashes_AreText(string body)
    {
        Assert.Null(PayloadJson.Parse(Encoding.UTF8.GetBytes(body), out var root));

        // Every string of it can be read: what the check is for.
        foreach (var item in root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : root.EnumerateObject().Select(p => p.Value))
        {
            Assert.NotNull(item.GetString());
        }
    }

    [Theory]
    [InlineData("""{"pull_request":"x"}""", "payload.pull_request is a string, where GitHub sends an object.")]
    [InlineData("""{"pull_request":{},"action":7}""", "payload.action is a number, where GitHub sends a string.")]
    [InlineData("""{"pull_request":[1]}""", "payload.pull_request is an array, where GitHub sends an object.")]
    [InlineData("""{"pull_request":true}""", "payload.pull_request is a boolean, where GitHub sends an object.")]
    public void WrongType_FirstFieldOfAnotherType_IsTheReason(string body, string reason)
    {
        using var document = JsonDocument.Parse(body);

        Assert.Equal(reason, PayloadJson.WrongType(document.RootElement, "GitHub", ("action", JsonValueKind.String), ("pull_request", JsonValueKind.Object)));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"pull_request":null,"action":null}""")]
    [InlineData("""{"pull_request":{},"action":"opened","other":"x"}""")]
    public void WrongType_AbsentNullOrRight_IsNull(string body)
    {
        using var document = JsonDocument.Parse(body);

        Assert.Null(PayloadJson.WrongType(document.RootElement, "GitHub", ("action", JsonValueKind.String), ("pull_request", JsonValueKind.Object)));
    }
}
