using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Host.Functions;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// Values that are themselves quoted strings (an ETag <c>"abc"</c>), in the shapes the host sends: inside
/// <c>Data.req</c> the host embeds the request as a JSON object, so they arrive as they were sent and keep
/// their quotes; at the top of <c>Data</c> and <c>Metadata</c> the host encodes a string twice, and it is
/// unquoted once.
/// </summary>
public sealed class QuotedValueTests
{
    private const string ETag = "\"abc\"";

    /// <summary>The fixture's request with quoted values in a header, a route value and the query (from <c>Query</c>, not the URL).</summary>
    private static JsonElement Request(string fixture)
    {
        var invocation = FunctionsHandlerProcess.Fixture(fixture);
        var req = invocation["Data"]!["req"]!.AsObject();
        req["Url"] = "https://automations-app.example.net/api/sessions/%22s-1%22";
        req["Method"] = "GET";
        req["Headers"] = new JsonObject
        {
            ["If-None-Match"] = new JsonArray(ETag, "W/\"weak\""),
            ["X-Plain"] = new JsonArray("plain"),
        };
        req["Params"] = new JsonObject { ["path"] = "sessions/\"s-1\"" };
        var query = new JsonObject { ["automation"] = "\"quoted\"" };

        // The documentation's shape holds the query as a string of JSON; the current host's as an object.
        req["Query"] = req["Query"] is JsonValue ? query.ToJsonString() : query;
        return JsonDocument.Parse(invocation.ToJsonString()).RootElement.GetProperty("Data").GetProperty("req").Clone();
    }

    [Theory]
    [InlineData("http-current.json")]
    [InlineData("http-docs.json")]
    public void Read_QuotedHeaderRouteValueAndQuery_KeepTheirQuotes(string fixture)
    {
        var request = HttpTriggerRequest.Read(Request(fixture), out var error);

        Assert.True(request is not null, error);
        Assert.Equal($"{ETag},W/\"weak\"", request.Headers.Single(h => h.Key == "If-None-Match").Value);
        Assert.Equal("plain", request.Headers.Single(h => h.Key == "X-Plain").Value);
        Assert.Equal("sessions/\"s-1\"", request.Params["path"]);
        Assert.Equal("/api/sessions/%22s-1%22", request.PathFor("api/{*path}"));
        Assert.Equal("?automation=%22quoted%22", request.Query.Value);
    }

    [Fact]
    public void BindingText_MetadataOfTheServiceBusFixture_IsUnquotedOnce()
    {
        var metadata = JsonDocument.Parse(FunctionsHandlerProcess.Fixture("servicebus.json")["Metadata"]!.ToJsonString()).RootElement;

        Assert.Equal("4e773554-f6b7-4ea2-b07d-4c5fd5aba741", InvocationJson.BindingText(metadata.GetProperty("MessageId")));
        Assert.Equal("application/json", InvocationJson.BindingText(metadata.GetProperty("ContentType")));
        Assert.Equal(1, InvocationJson.Int(metadata.GetProperty("DeliveryCount")));

        // Inside an embedded object nothing is unquoted: Text takes the value as it is.
        Assert.Equal("\"4e773554-f6b7-4ea2-b07d-4c5fd5aba741\"", InvocationJson.Text(metadata.GetProperty("MessageId")));
    }

    [Theory]
    [InlineData("servicebus.json")]
    [InlineData("servicebus-double.json")]
    public void Object_ServiceBusBodyOnceOrTwiceEncoded_ReadsTheSameObject(string fixture)
    {
        var data = JsonDocument.Parse(FunctionsHandlerProcess.Fixture(fixture)["Data"]!.ToJsonString()).RootElement;

        var body = InvocationJson.Object(data.GetProperty("queue"), out var error);

        Assert.True(body is not null, error);
        Assert.Equal("hello", body.Value.GetProperty("message").GetString());
    }
}
