using System.Net.Http.Headers;

namespace Automations.Integrations.Http;

/// <summary>RFC 8288 <c>Link</c> headers, as GitHub and Sentry page with them.</summary>
public static class LinkHeader
{
    /// <summary>The <c>rel="next"</c> target, or null on the last page.</summary>
    public static Uri? Next(HttpResponseHeaders headers, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var parts = link.Split(';');
            var target = parts[0].Trim();
            if (target.Length < 2 || target[0] != '<' || target[^1] != '>')
            {
                continue;
            }

            var isNext = parts.Skip(1).Select(p => p.Trim()).Any(p =>
                p.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase)
                || p.Equals("rel=next", StringComparison.OrdinalIgnoreCase));
            // Sentry marks a next link that has nothing behind it with results="false".
            var empty = parts.Skip(1).Any(p => p.Trim().Equals("results=\"false\"", StringComparison.OrdinalIgnoreCase));
            if (isNext && !empty && Uri.TryCreate(baseUri, target[1..^1], out var uri))
            {
                return uri;
            }
        }

        return null;
    }
}
