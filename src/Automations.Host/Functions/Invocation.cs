using System.Text.Json;

namespace Automations.Host.Functions;

/// <summary>
/// One call of the Functions host: <c>POST /{function}</c> with <c>{"Data": {...}, "Metadata": {...}}</c>.
/// <c>Data</c> holds the trigger's and inputs' values by binding name, <c>Metadata</c> the trigger's binding
/// data (a Service Bus message's <c>DeliveryCount</c>, <c>MessageId</c>, ...).
/// </summary>
public sealed record Invocation(JsonElement Data, JsonElement Metadata)
{
    /// <summary>The header of the host's id for the invocation.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    /// <summary>The value of binding <paramref name="name"/> in <c>Data</c>; default when absent.</summary>
    public JsonElement DataOf(string name) => InvocationJson.Property(Data, name);

    /// <summary>The value of key <paramref name="name"/> in <c>Metadata</c>; default when absent.</summary>
    public JsonElement MetadataOf(string name) => InvocationJson.Property(Metadata, name);

    /// <summary>Reads the invocation from the request body: null with the reason when it is not one.</summary>
    public static async Task<(Invocation? Invocation, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, $"the invocation is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "the invocation is not a JSON object with Data and Metadata");
            }

            var data = InvocationJson.Property(root, "Data");
            if (data.ValueKind != JsonValueKind.Object)
            {
                return (null, "the invocation has no Data object");
            }

            var metadata = InvocationJson.Property(root, "Metadata");
            return (new Invocation(data.Clone(), metadata.ValueKind == JsonValueKind.Object ? metadata.Clone() : default), null);
        }
    }
}
