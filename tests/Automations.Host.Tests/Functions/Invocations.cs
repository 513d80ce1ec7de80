using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// Invocations built on the recorded shapes in <c>Payloads/functions</c>: the fixture's structure as the host
/// sends it (its Identities, Metadata, Query shape, encoding), with the request or message of the test put in.
/// </summary>
public static class Invocations
{
    /// <summary>
    /// An HTTP trigger's invocation: the fixture <paramref name="fixture"/> with this request's method, URL,
    /// headers (as arrays of values, as the host sends them) and body (text, or base64 when <paramref name="base64"/>).
    /// </summary>
    public static JsonObject Http(
        string fixture,
        string method,
        string url,
        IEnumerable<KeyValuePair<string, string>> headers,
        byte[] body,
        IReadOnlyDictionary<string, string>? routeValues = null,
        bool base64 = false)
    {
        var invocation = FunctionsHandlerProcess.Fixture(fixture);
        var req = invocation["Data"]!["req"]!.AsObject();
        req["Method"] = method;
        req["Url"] = url;
        var headerObject = new JsonObject();
        foreach (var (name, value) in headers)
        {
            headerObject[name] = new JsonArray(value);
        }

        req["Headers"] = headerObject;
        if (body.Length == 0)
        {
            // The host leaves Body out when there is no Content-Length.
            req.Remove("Body");
        }
        else
        {
            req["Body"] = base64 ? Convert.ToBase64String(body) : System.Text.Encoding.UTF8.GetString(body);
        }

        if (routeValues is not null)
        {
            var parameters = new JsonObject();
            foreach (var (name, value) in routeValues)
            {
                parameters[name] = value;
            }

            req["Params"] = parameters;
        }

        return invocation;
    }

    /// <summary>
    /// A Service Bus trigger's invocation of <c>worker</c>: the fixture's metadata with <paramref name="deliveryCount"/>,
    /// and <paramref name="message"/> (the text of one <c>jobs</c> output message) as the host passes the body:
    /// once encoded (<c>servicebus.json</c>, as the documentation shows) or twice (<c>servicebus-double.json</c>,
    /// as the host's code does). The fixture's binding is named <c>queue</c>; ours is <c>job</c>.
    /// </summary>
    public static JsonObject ServiceBus(string fixture, string message, int deliveryCount)
    {
        var invocation = FunctionsHandlerProcess.Fixture(fixture);
        var recorded = invocation["Data"]!["queue"]!.GetValue<string>();
        var twice = recorded.StartsWith('"');
        invocation["Data"] = new JsonObject { ["job"] = twice ? JsonSerializer.Serialize(message) : message };
        invocation["Metadata"]!["DeliveryCount"] = deliveryCount.ToString(CultureInfo.InvariantCulture);
        return invocation;
    }
}
