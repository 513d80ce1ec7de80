namespace Automations.Core.Sources.GitHub;

/// <summary>GitHub's <c>X-Hub-Signature-256</c>: <c>sha256=</c> and the hex HMAC-SHA256 of the raw body.</summary>
public static class GitHubSignature
{
    /// <summary>What comes before the hex digest in the header.</summary>
    public const string Prefix = "sha256=";

    /// <summary>The header value GitHub would send for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) => Prefix + HmacSignature.ComputeHex(secret, body);

    /// <summary>
    /// Checks the header value against the body, in constant time. A null or empty secret is
    /// <see cref="SignatureResult.MissingSecret"/> whatever the header says: there is no unsigned mode.
    /// </summary>
    public static SignatureResult Verify(string? secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return SignatureResult.MissingSecret;
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureResult.MissingSignature;
        }

        var value = header.AsSpan().Trim();
        return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            ? HmacSignature.CompareHex(secret, body, value[Prefix.Length..])
            : SignatureResult.MalformedSignature;
    }
}
