using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Automations.Integrations.Http;

/// <summary>Sends a provider request and turns the answer into a value or a <see cref="ProviderError"/>.</summary>
public static class ProviderCalls
{
    /// <summary>The largest error text kept from a provider's answer.</summary>
    private const int MaxMessageLength = 1000;

    /// <summary>Sends the request; a network failure that outlasted the retries is an error value.</summary>
    public static async Task<ProviderResult<HttpResponseMessage>> SendAsync(
        HttpClient http, HttpRequestMessage request, string provider, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return new ProviderError(provider, ProviderErrorKind.Network, $"could not be reached: {ex.Message}");
        }
        catch (TimeoutException ex)
        {
            return new ProviderError(provider, ProviderErrorKind.Network, ex.Message);
        }
    }

    /// <summary>
    /// The error for a failed answer: <paramref name="providerMessage"/> is the provider's own words;
    /// the kind and the note after it say what the retries made of it.
    /// </summary>
    public static ProviderError Failure(string provider, HttpRequestMessage request, HttpResponseMessage response, string providerMessage, HttpRetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(retry);
        var message = Trim(string.IsNullOrWhiteSpace(providerMessage) ? response.ReasonPhrase ?? "no message" : providerMessage);
        request.Options.TryGetValue(RetryState.Key, out var state);
        var advice = state?.LastAdvice ?? RetryAdvice.None;
        var attempts = state?.Attempts ?? 1;
        if (advice.Kind == RetryKind.RateLimited || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var note = advice.Delay is { } delay && delay > retry.MaxWait
                ? $"rate limited: the wait asked for, {delay}, is longer than MaxWait ({retry.MaxWait})"
                : $"still rate limited after {attempts} attempts";
            return new ProviderError(provider, ProviderErrorKind.RateLimited, $"{message} ({note})") { Status = response.StatusCode, RetryAfter = advice.Delay };
        }

        if (advice.Kind == RetryKind.Transient)
        {
            return new ProviderError(provider, ProviderErrorKind.Unavailable, $"{message} (after {attempts} attempts)") { Status = response.StatusCode };
        }

        return new ProviderError(provider, ProviderErrorKind.Rejected, message) { Status = response.StatusCode };
    }

    /// <summary>Reads a JSON answer into <typeparamref name="T"/>; an answer that does not fit is an error value.</summary>
    public static async Task<ProviderResult<T>> ReadJsonAsync<T>(HttpResponseMessage response, JsonSerializerOptions options, string provider, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(options, cancellationToken);
            if (value is null)
            {
                return new ProviderError(provider, ProviderErrorKind.InvalidResponse, $"answered {(int)response.StatusCode} with an empty body") { Status = response.StatusCode };
            }

            return MissingFields.Find(value, options.PropertyNamingPolicy) is { } missing
                ? new ProviderError(provider, ProviderErrorKind.InvalidResponse, $"answered without {missing}, which {typeof(T).Name} always has") { Status = response.StatusCode }
                : value;
        }
        catch (JsonException ex)
        {
            return new ProviderError(provider, ProviderErrorKind.InvalidResponse, $"answered with JSON that does not fit {typeof(T).Name}: {ex.Message}") { Status = response.StatusCode };
        }
        catch (NotSupportedException ex)
        {
            return new ProviderError(provider, ProviderErrorKind.InvalidResponse, $"answered with content that is not JSON: {ex.Message}") { Status = response.StatusCode };
        }
    }

    /// <summary>A string property of a JSON object, or null when the text is not such an object.</summary>
    public static string? StringProperty(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Trim(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return trimmed.Length <= MaxMessageLength ? trimmed : trimmed[..MaxMessageLength] + "…";
    }
}
