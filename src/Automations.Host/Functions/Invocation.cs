using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    private readonly byte[] _bytes;
    private readonly RequestBodyLift.Lifted? _lifted;

    private Invocation(JsonDocument document, byte[] bytes, RequestBodyLift.Lifted? lifted, JsonElement data, JsonElement metadata)
    {
        _document = document;
        _bytes = bytes;
        _lifted = lifted;
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

    /// <summary>
    /// The text of the HTTP trigger's body when <paramref name="value"/> is the empty string left where it was
    /// lifted out (<see cref="RequestBodyLift"/>); null for any other value.
    /// </summary>
    public ReadOnlyMemory<byte>? LiftedText(JsonElement value)
    {
        if (_lifted is null || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Length == 2 && Unsafe.AreSame(ref MemoryMarshal.GetReference(raw), ref _lifted.Rest[_lifted.At]) ? _lifted.Text : (ReadOnlyMemory<byte>?)null;
    }

    /// <summary>Gives the parsed request back to the pool: what was read from it must be read by now.</summary>
    public void Dispose()
    {
        _document.Dispose();
        ArrayPool<byte>.Shared.Return(_bytes);
    }

    /// <summary>
    /// Reads the invocation from the request body: null with the reason when it is not one. The invocation
    /// holds the parsed body, with no copy of <c>Data</c> (a webhook's body, escaped, most of it); dispose it.
    /// With <paramref name="liftRequestBody"/>, an HTTP trigger's body is taken out before the rest is parsed
    /// (<see cref="LiftedText"/>).
    /// </summary>
    public static async Task<(Invocation? Invocation, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken, bool liftRequestBody = false)
    {
        var (bytes, length) = await InvocationBytes.ReadAsync(request, cancellationToken);
        var (document, lifted, error) = Parse(bytes, length, liftRequestBody);
        if (document is null)
        {
            return (null, error);
        }

        var root = document.RootElement;
        var data = root.ValueKind == JsonValueKind.Object ? InvocationJson.Property(root, "Data") : default;
        if (data.ValueKind != JsonValueKind.Object)
        {
            var reason = root.ValueKind == JsonValueKind.Object ? "the invocation has no Data object" : "the invocation is not a JSON object with Data and Metadata";
            document.Dispose();
            ArrayPool<byte>.Shared.Return(lifted?.Rest ?? bytes);
            return (null, reason);
        }

        var metadata = InvocationJson.Property(root, "Metadata");
        return (new Invocation(document, lifted?.Rest ?? bytes, lifted, data, metadata.ValueKind == JsonValueKind.Object ? metadata : default), null);
    }

    /// <summary>The document over the bytes (or, with the body lifted, over the rest); the bytes it does not use go back to the pool.</summary>
    private static (JsonDocument? Document, RequestBodyLift.Lifted? Lifted, string? Error) Parse(byte[] bytes, int length, bool liftRequestBody)
    {
        if (liftRequestBody && RequestBodyLift.TryLift(bytes.AsSpan(0, length)) is { } lifted)
        {
            try
            {
                var rest = JsonDocument.Parse(lifted.Rest.AsMemory(0, lifted.RestLength));
                ArrayPool<byte>.Shared.Return(bytes);
                return (rest, lifted, null);
            }
            catch (JsonException)
            {
                // The rest is not JSON: parsed again whole below, so that the reason names places in the invocation as sent.
                ArrayPool<byte>.Shared.Return(lifted.Rest);
            }
        }

        try
        {
            return (JsonDocument.Parse(bytes.AsMemory(0, length)), null, null);
        }
        catch (JsonException ex)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            return (null, null, $"the invocation is not JSON: {ex.Message}");
        }
    }
}
