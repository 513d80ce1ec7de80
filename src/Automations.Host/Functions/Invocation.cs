using System.Text.Json;

namespace Automations.Host.Functions;

/// <summary>
/// One call of the Functions host: <c>POST /{function}</c> with <c>{"Data": {...}, "Metadata": {...}}</c>.
/// <c>Data</c> holds the trigger's and inputs' values by binding name, <c>Metadata</c> the trigger's binding
/// data (a Service Bus message's <c>DeliveryCount</c>, <c>MessageId</c>, ...).
/// </summary>
public sealed class Invocation : IDisposable
{
    private readonly JsonDocument _document;

    private Invocation(JsonDocument document, JsonElement data, JsonElement metadata)
    {
        _document = document;
        Data = data;
        Metadata = metadata;
    }

    /// <summary>The header of the host's id for the invocation.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    /// <summary>The trigger's and inputs' values by binding name; valid until the invocation is disposed.</summary>
    public JsonElement Data { get; }

    /// <summary>The trigger's binding data; default when the host sent none.</summary>
    public JsonElement Metadata { get; }

    /// <summary>The value of binding <paramref name="name"/> in <c>Data</c>; default when absent.</summary>
    public JsonElement DataOf(string name) => InvocationJson.Property(Data, name);

    /// <summary>The value of key <paramref name="name"/> in <c>Metadata</c>; default when absent.</summary>
    public JsonElement MetadataOf(string name) => InvocationJson.Property(Metadata, name);

    /// <summary>Gives the parsed request back to the pool: what was read from it must be read by now.</summary>
    public void Dispose() => _document.Dispose();

    /// <summary>
    /// Reads the invocation from the request body: null with the reason when it is not one. The invocation
    /// holds the parsed body, with no copy of <c>Data</c> (a webhook's body, escaped, most of it); dispose it.
    /// </summary>
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

        var root = document.RootElement;
        var data = root.ValueKind == JsonValueKind.Object ? InvocationJson.Property(root, "Data") : default;
        if (data.ValueKind != JsonValueKind.Object)
        {
            var reason = root.ValueKind == JsonValueKind.Object ? "the invocation has no Data object" : "the invocation is not a JSON object with Data and Metadata";
            document.Dispose();
            return (null, reason);
        }

        var metadata = InvocationJson.Property(root, "Metadata");
        return (new Invocation(document, data, metadata.ValueKind == JsonValueKind.Object ? metadata : default), null);
    }
}
