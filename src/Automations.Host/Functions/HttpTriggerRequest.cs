using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Automations.Host.Functions;

/// <summary>
/// The request of an HTTP trigger, as the host puts it in <c>Data.req</c>: <c>Url</c>, <c>Method</c>,
/// <c>Headers</c> (each an array of values), <c>Query</c> (an object, or in older hosts a string holding one),
/// <c>Params</c> (route values) and <c>Body</c>: the text as received, or base64 for binary content types.
/// </summary>
public sealed record HttpTriggerRequest(
    string Method,
    Uri? Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    QueryString Query,
    IReadOnlyDictionary<string, string> Params,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>
    /// Reads <c>Data.req</c>: null with the reason when it is not a request. <paramref name="lifted"/> gives the
    /// body's text when it was taken out of the invocation before parsing (<see cref="Invocation.LiftedText"/>).
    /// </summary>
    public static HttpTriggerRequest? Read(JsonElement value, out string? error, Func<JsonElement, ReadOnlyMemory<byte>?>? lifted = null)
    {
        if (InvocationJson.Object(value, out var reason) is not { } req)
        {
            error = $"Data.{FunctionDefinition.RequestBinding} is not an HTTP request: {reason}";
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in Properties(InvocationJson.Property(req, "Headers")))
        {
            var text = header.Value.ValueKind == JsonValueKind.Array
                ? string.Join(',', header.Value.EnumerateArray().Select(InvocationJson.Text).OfType<string>())
                : InvocationJson.Text(header.Value);
            if (text is not null)
            {
                headers.Add(new(header.Name, text));
            }
        }

        var url = InvocationJson.Text(InvocationJson.Property(req, "Url")) is { } u && Uri.TryCreate(u, UriKind.Absolute, out var parsed) ? parsed : null;
        var routeValues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var param in Properties(InvocationJson.Property(req, "Params")))
        {
            if (InvocationJson.Text(param.Value) is { } text)
            {
                routeValues[param.Name] = text;
            }
        }

        var contentType = headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (ReadBody(InvocationJson.Property(req, "Body"), contentType, lifted, out error) is not { } body)
        {
            return null;
        }

        error = null;
        return new HttpTriggerRequest(
            InvocationJson.Text(InvocationJson.Property(req, "Method")) is { Length: > 0 } method ? method.ToUpperInvariant() : HttpMethods.Post,
            url,
            headers,
            QueryOf(url, InvocationJson.Property(req, "Query")),
            routeValues,
            body);
    }

    /// <summary>
    /// The path the request is for: <paramref name="route"/> with its parameters filled in from <c>Params</c>;
    /// when one is missing, the path of <c>Url</c>.
    /// </summary>
    public string PathFor(string route)
    {
        var segments = new List<string>();
        foreach (var segment in route.Split('/'))
        {
            if (!segment.StartsWith('{'))
            {
                segments.Add(segment);
                continue;
            }

            var name = segment.Trim('{', '}', '*', '?');
            if (!Params.TryGetValue(name, out var value))
            {
                return Url?.AbsolutePath ?? "/" + string.Join('/', segments);
            }

            // A catch-all keeps its slashes; every segment is escaped as a path segment.
            segments.Add(segment.StartsWith("{*", StringComparison.Ordinal)
                ? string.Join('/', value.Split('/').Select(Uri.EscapeDataString))
                : Uri.EscapeDataString(value));
        }

        return "/" + string.Join('/', segments);
    }

    private static ReadOnlyMemory<byte>? ReadBody(JsonElement body, string? contentType, Func<JsonElement, ReadOnlyMemory<byte>?>? lifted, out string? error)
    {
        error = null;
        switch (body.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                // The host leaves Body out when the request had no Content-Length (an empty or chunked body).
                return ReadOnlyMemory<byte>.Empty;
            case JsonValueKind.String:
                // The signature is checked over these bytes: the body exactly as the host received it, unescaped
                // straight from the invocation's bytes, with no string between.
                if ((lifted?.Invoke(body) ?? JsonStringText.Read(JsonMarshal.GetRawUtf8Value(body)).Text) is not { } text)
                {
                    error = $"Data.{FunctionDefinition.RequestBinding}.Body is no Unicode text (it escapes a lone surrogate)";
                    return null;
                }

                if (!IsBinary(contentType))
                {
                    return text;
                }

                try
                {
                    return Convert.FromBase64String(Encoding.UTF8.GetString(text.Span));
                }
                catch (FormatException)
                {
                    error = $"Data.{FunctionDefinition.RequestBinding}.Body of a {contentType} request is not base64";
                    return null;
                }

            default:
                // An older host may hand a JSON body over parsed; its text is the closest there is to the original.
                return Encoding.UTF8.GetBytes(body.GetRawText());
        }
    }

    /// <summary>Content types the host passes as base64: <c>application/octet-stream</c> and <c>multipart/*</c>.</summary>
    private static bool IsBinary(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase));

    private static QueryString QueryOf(Uri? url, JsonElement query)
    {
        if (url is { Query.Length: > 1 })
        {
            return new QueryString(url.Query);
        }

        var values = InvocationJson.Object(query, out _) is { } json ? Properties(json) : [];
        var pairs = values
            .Select(p => (p.Name, Value: InvocationJson.Text(p.Value)))
            .Where(p => p.Value is not null)
            .Select(p => new KeyValuePair<string, string?>(p.Name, p.Value))
            .ToList();
        return pairs.Count == 0 ? QueryString.Empty : QueryString.Create(pairs);
    }

    private static IEnumerable<JsonProperty> Properties(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object ? value.EnumerateObject() : [];
}
