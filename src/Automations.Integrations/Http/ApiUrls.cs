namespace Automations.Integrations.Http;

/// <summary>Base addresses of provider APIs.</summary>
public static class ApiUrls
{
    public static bool IsHttp(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The URL as an <see cref="HttpClient.BaseAddress"/>: with a trailing slash, so relative paths go under it.</summary>
    public static Uri BaseAddress(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
    }

    /// <summary>True when <paramref name="candidate"/> is on the same scheme, host and port as <paramref name="origin"/>.</summary>
    public static bool SameOrigin(Uri origin, Uri candidate)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(candidate);
        return string.Equals(origin.Scheme, candidate.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(origin.IdnHost, candidate.IdnHost, StringComparison.OrdinalIgnoreCase)
            && origin.Port == candidate.Port;
    }
}
