using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Automations.Core.Sources;

/// <summary>
/// HMAC-SHA256 of a raw body as hex, compared in constant time. Sentry and Linear send the hex alone;
/// GitHub puts <c>sha256=</c> in front of it (<see cref="GitHub.GitHubSignature"/>).
/// </summary>
public static class HmacSignature
{
    private const int HashSize = HMACSHA256.HashSizeInBytes;

    /// <summary>The lowercase hex HMAC-SHA256 of <paramref name="body"/> keyed with the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string ComputeHex(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> hash = stackalloc byte[HashSize];
        Compute(secret, body, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Checks a hex signature (either case, surrounding whitespace ignored) against the body:
    /// <see cref="SignatureResult.MissingSecret"/> for a null or empty secret,
    /// <see cref="SignatureResult.MissingSignature"/> for a null or blank signature,
    /// <see cref="SignatureResult.MalformedSignature"/> when it is not 64 hex digits.
    /// </summary>
    public static SignatureResult VerifyHex(string? secret, ReadOnlySpan<byte> body, string? hexSignature)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return SignatureResult.MissingSecret;
        }

        if (string.IsNullOrWhiteSpace(hexSignature))
        {
            return SignatureResult.MissingSignature;
        }

        return CompareHex(secret, body, hexSignature.AsSpan().Trim());
    }

    /// <summary>Decodes <paramref name="hex"/> and compares it with the body's HMAC in constant time.</summary>
    internal static SignatureResult CompareHex(string secret, ReadOnlySpan<byte> body, ReadOnlySpan<char> hex)
    {
        Span<byte> received = stackalloc byte[HashSize];
        if (hex.Length != HashSize * 2
            || Convert.FromHexString(hex, received, out _, out var written) != OperationStatus.Done
            || written != HashSize)
        {
            return SignatureResult.MalformedSignature;
        }

        Span<byte> expected = stackalloc byte[HashSize];
        Compute(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received)
            ? SignatureResult.Valid
            : SignatureResult.SignatureMismatch;
    }

    private static void Compute(string secret, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        try
        {
            HMACSHA256.HashData(key, body, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
