using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Automations.Host.Dashboard;

/// <summary>
/// The console's stylesheet and script, embedded in the executable (Dashboard/Assets): nothing to deploy
/// beside it and nothing fetched from elsewhere. Each URL carries a digest of its content, so a browser
/// may keep it for a year and still never runs an old script against a new page.
/// </summary>
public sealed class ConsoleAssets
{
    private const string Prefix = "Automations.Host.Dashboard.Assets.";

    private readonly FrozenDictionary<string, Asset> _assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        _assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                return new Asset(n[Prefix.Length..], bytes, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
            })
            .ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
    }

    /// <summary>Where the page links <paramref name="name"/> (<c>console.css</c>, <c>console.js</c>).</summary>
    public string Url(string name) => $"/console/assets/{name}?v={_assets[name].Digest}";

    public IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        return TypedResults.Bytes(asset.Bytes, type, entityTag: new EntityTagHeaderValue($"\"{asset.Digest}\""));
    }

    private sealed record Asset(string Name, byte[] Bytes, string Digest);
}
