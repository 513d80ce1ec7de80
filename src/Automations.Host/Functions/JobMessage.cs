using System.Text.Json;
using System.Text.Json.Serialization;
using Automations.Core.Sessions;

namespace Automations.Host.Functions;

/// <summary>
/// A session job as a Service Bus message body: <c>{"session", "automation", "source", "delivery", "traceparent"}</c>
/// (the last one optional: the delivery's span, which the job's span continues). The
/// host copies a JSON body's top-level properties into the trigger's metadata, overwriting keys of the same
/// name (<c>MessageId</c>, <c>DeliveryCount</c>, <c>SessionId</c>, ...), so none of these names is one of them.
/// </summary>
public sealed record JobMessage(
    [property: JsonPropertyName("session")] string? Session,
    [property: JsonPropertyName("automation")] string? Automation,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("delivery")] string? Delivery,
    [property: JsonPropertyName("traceparent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent = null)
{
    public static string Serialize(SessionJob job) =>
        JsonSerializer.Serialize(new JobMessage(job.SessionId, job.Automation, job.Source, job.DeliveryId, job.TraceParent));

    /// <summary>
    /// The job in a Service Bus trigger's value: a JSON object, or text holding one (once or twice encoded).
    /// Null with the reason when the message is not a job.
    /// </summary>
    public static SessionJob? Read(JsonElement value, out string? error)
    {
        if (InvocationJson.Object(value, out var reason) is not { } json)
        {
            error = $"the message is not a job: {reason}";
            return null;
        }

        string? Field(string name) => InvocationJson.Property(json, name) is { ValueKind: JsonValueKind.String } field && field.GetString() is { Length: > 0 } text ? text : null;
        var message = new JobMessage(Field("session"), Field("automation"), Field("source"), Field("delivery"), Field("traceparent"));
        var missing = new[] { ("session", message.Session), ("automation", message.Automation), ("source", message.Source), ("delivery", message.Delivery) }
            .Where(f => f.Item2 is null)
            .Select(f => f.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            error = $"the message is not a job: it lacks {string.Join(", ", missing)}";
            return null;
        }

        error = null;
        return new SessionJob(message.Session!, message.Automation!, message.Source!, message.Delivery!) { TraceParent = message.TraceParent };
    }
}
