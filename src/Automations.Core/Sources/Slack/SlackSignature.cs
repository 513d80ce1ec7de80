using System.Globalization;
using System.Text;
using Automations.Core.Sources.StandardWebhooks;

namespace Automations.Core.Sources.Slack;

/// <summary>
/// Slack's <c>X-Slack-Signature</c>: <c>v0=</c> and the hex HMAC-SHA256, keyed with the signing secret,
/// of <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>. The timestamp must be within a window of now.
/// </summary>
public static class SlackSignature
{
    /// <summary>The only signature version Slack sends.</summary>
    public const string Version = "v0";

    /// <summary>What comes before the hex digest in the header.</summary>
    public const string Prefix = Version + "=";

    /// <summary>How far the request timestamp may be from now, either way: 5 minutes, as Slack advises.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    /// <summary>The header value Slack would send for <paramref name="body"/> sent at <paramref name="timestamp"/> (unix seconds, as written in the header).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        return Prefix + HmacSignature.ComputeHex(secret, BaseString(timestamp, body));
    }

    /// <summary>
    /// Checks the two headers against the body, in constant time. In order:
    /// <see cref="SignatureResult.MissingSecret"/> for a null or empty secret (there is no unsigned mode);
    /// <see cref="SignatureResult.MissingSignature"/> when either header is absent or blank;
    /// <see cref="SignatureResult.MalformedSignature"/> when the timestamp is not unix seconds or the
    /// signature not <c>v0=</c> and 64 hex digits; <see cref="SignatureResult.SignatureMismatch"/>;
    /// and only for a valid signature, <see cref="SignatureResult.TimestampOutOfRange"/> when the
    /// timestamp is more than <paramref name="window"/> from <paramref name="now"/>.
    /// </summary>
    public static SignatureResult Verify(
        string? secret, ReadOnlySpan<byte> body, string? timestampHeader, string? signatureHeader, DateTimeOffset now, TimeSpan window)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return SignatureResult.MissingSecret;
        }

        if (string.IsNullOrWhiteSpace(signatureHeader) || string.IsNullOrWhiteSpace(timestampHeader))
        {
            return SignatureResult.MissingSignature;
        }

        var timestamp = timestampHeader.Trim();
        var signature = signatureHeader.AsSpan().Trim();
        if (!UnixSeconds.TryParse(timestamp, out var sentAt) || !signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureResult.MalformedSignature;
        }

        var result = HmacSignature.CompareHex(secret, BaseString(timestamp, body), signature[Prefix.Length..]);
        if (result != SignatureResult.Valid)
        {
            return result;
        }

        return UnixSeconds.Within(sentAt, now, window) ? SignatureResult.Valid : SignatureResult.TimestampOutOfRange;
    }

    /// <summary><c>v0:{timestamp}:</c> followed by the raw body, as bytes.</summary>
    private static byte[] BaseString(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{Version}:{timestamp}:");
        var bytes = new byte[Encoding.UTF8.GetByteCount(prefix) + body.Length];
        var written = Encoding.UTF8.GetBytes(prefix, bytes);
        body.CopyTo(bytes.AsSpan(written));
        return bytes;
    }
}
