using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Sessions;

namespace Automations.Host.Functions;

/// <summary>
/// The handler's answer to an invocation: <c>{"Outputs": {...}, "Logs": [...], "ReturnValue": null}</c>, always
/// <c>application/json</c>. A status other than 2xx fails the invocation: the host drops the outputs and logs,
/// answers an HTTP caller 500, and gives a Service Bus message back for redelivery.
/// </summary>
public sealed record InvocationAnswer(int StatusCode, JsonObject Outputs, IReadOnlyList<string> Logs)
{
    // The answer goes to the host, never into a page: a JSON body in res stays readable, its quotes unescaped.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static InvocationAnswer Ok(JsonObject outputs, params string[] logs) => new(StatusCodes.Status200OK, outputs, logs);

    /// <summary>A failed invocation, with its reason in the logs (which the host drops) and in the handler's own log.</summary>
    public static InvocationAnswer Failed(int statusCode, string reason) => new(statusCode, [], [reason]);

    /// <summary>Jobs as the Service Bus output's messages: one JSON text each (never bare strings, which the host may take for base64).</summary>
    public static JsonArray Messages(IEnumerable<SessionJob> jobs) => new([.. jobs.Select(job => JsonValue.Create(JobMessage.Serialize(job)))]);

    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>Writes the answer as UTF-8 straight into the response, with no text of it between.</summary>
    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = Json.Encoder }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("Outputs");
            Outputs.WriteTo(writer, Json);
            writer.WriteStartArray("Logs");
            foreach (var log in Logs)
            {
                writer.WriteStringValue(log);
            }

            writer.WriteEndArray();
            writer.WriteNull("ReturnValue");
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
