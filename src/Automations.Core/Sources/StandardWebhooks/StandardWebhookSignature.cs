using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Automations.Core.Sources.StandardWebhooks;

/// <summary>
/// The Standard Webhooks signature (standardwebhooks.com): <c>webhook-signature</c> holds one or more
/// space-separated <c>v1,&lt;base64&gt;</c> entries, each an HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.
/// The secret is <c>whsec_</c> and the base64 of the key; a secret without that prefix is taken as the
/// key's UTF-8 bytes, so a plain shared string works too.
/// </summary>
public static class StandardWebhookSignature
{
    /// <summary>The prefix of a secret whose key is the base64 that follows it.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>The only signature version this checks; entries of other versions are skipped.</summary>
    public const string Version = "v1";

    /// <summary>How far the timestamp may be from now, either way: 5 minutes, as the specification advises.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int HashSize = HMACSHA256.HashSizeInBytes;
    private const string EntryPrefix = Version + ",";

    /// <summary>
    /// The <c>v1,&lt;base64&gt;</c> entry a sender puts in <c>webhook-signature</c> for this message.
    /// Throws <see cref="ArgumentException"/> for an empty secret or a <c>whsec_</c> one that is not base64.
    /// </summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        var key = Key(secret) ?? throw new ArgumentException("The secret is empty, or whsec_ followed by something that is not base64.", nameof(secret));
        try
        {
            Span<byte> hash = stackalloc byte[HashSize];
            HMACSHA256.HashData(key, Content(id, timestamp.ToString(CultureInfo.InvariantCulture), body), hash);
            return EntryPrefix + Convert.ToBase64String(hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Checks the three headers against the body, in constant time per entry. In order:
    /// <see cref="SignatureResult.MissingSecret"/> for a null, empty or undecodable secret;
    /// <see cref="SignatureResult.MissingSignature"/> when a header is absent or blank;
    /// <see cref="SignatureResult.MalformedSignature"/> when the timestamp is not unix seconds or no
    /// entry is <c>v1,</c> and the base64 of 32 bytes; <see cref="SignatureResult.SignatureMismatch"/>
    /// when no <c>v1</c> entry matches; and only then <see cref="SignatureResult.TimestampOutOfRange"/>
    /// when the timestamp is more than <paramref name="tolerance"/> (default 5 minutes) from <paramref name="now"/>.
    /// </summary>
    public static SignatureResult Verify(
        string? secret,
        string? id,
        string? timestamp,
        string? signature,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        TimeSpan? tolerance = null)
    {
        var key = string.IsNullOrEmpty(secret) ? null : Key(secret);
        if (key is null)
        {
            return SignatureResult.MissingSecret;
        }

        try
        {
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signature))
            {
                return SignatureResult.MissingSignature;
            }

            var sentAtText = timestamp.Trim();
            if (!UnixSeconds.TryParse(sentAtText, out var sentAt))
            {
                return SignatureResult.MalformedSignature;
            }

            Span<byte> expected = stackalloc byte[HashSize];
            HMACSHA256.HashData(key, Content(id.Trim(), sentAtText, body), expected);
            var result = Match(expected, signature);
            if (result != SignatureResult.Valid)
            {
                return result;
            }

            return UnixSeconds.Within(sentAt, now, tolerance ?? DefaultTolerance) ? SignatureResult.Valid : SignatureResult.TimestampOutOfRange;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Valid when any well-formed <c>v1</c> entry equals <paramref name="expected"/>; a mismatch when some were well-formed; else malformed.</summary>
    private static SignatureResult Match(ReadOnlySpan<byte> expected, string header)
    {
        Span<byte> received = stackalloc byte[HashSize];
        var wellFormed = false;
        foreach (var entry in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith(EntryPrefix, StringComparison.Ordinal)
                || !Convert.TryFromBase64String(entry[EntryPrefix.Length..], received, out var written)
                || written != HashSize)
            {
                continue;
            }

            wellFormed = true;
            if (CryptographicOperations.FixedTimeEquals(expected, received))
            {
                return SignatureResult.Valid;
            }
        }

        return wellFormed ? SignatureResult.SignatureMismatch : SignatureResult.MalformedSignature;
    }

    /// <summary>The key bytes of a secret, or null when it is empty or <c>whsec_</c> and not base64.</summary>
    private static byte[]? Key(string secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(secret);
        }

        try
        {
            var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
            return key.Length == 0 ? null : key;
        }
        catch (FormatException)
        {
            // Convert has no Try form that sizes its own buffer: a secret that is not base64 is a value here.
            return null;
        }
    }

    /// <summary><c>{id}.{timestamp}.</c> followed by the raw body, as bytes.</summary>
    private static byte[] Content(string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = string.Concat(id, ".", timestamp, ".");
        var bytes = new byte[Encoding.UTF8.GetByteCount(prefix) + body.Length];
        var written = Encoding.UTF8.GetBytes(prefix, bytes);
        body.CopyTo(bytes.AsSpan(written));
        return bytes;
    }
}
