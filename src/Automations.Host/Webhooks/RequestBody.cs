using Microsoft.AspNetCore.Http.Features;

namespace Automations.Host.Webhooks;

/// <summary>Reads a request body whole, refusing it as soon as it passes the cap.</summary>
internal static class RequestBody
{
    /// <summary>The body's bytes, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Kestrel's own limit would answer a chunked oversized body with its own error; ours is checked below.
            limit.MaxRequestBodySize = null;
        }

        var stream = context.Request.Body;
        if (context.Request.ContentLength is { } length)
        {
            // Filled whole or not returned at all (a short body throws), so it needs no zeroing first.
            var exact = GC.AllocateUninitializedArray<byte>(checked((int)length));
            await stream.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
