using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Automations.Testing.Fakes;

/// <summary>How <see cref="FakeGitHub"/> checks a GitHub App's JWT: RS256 with the app's public key, issuer the app id, at most 10 minutes ahead, issued in the past.</summary>
public static class FakeGitHubAuth
{
    /// <summary>Null when the JWT is good; else why not.</summary>
    public static string? CheckJwt(string jwt, RSA publicKey, long appId, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "not a JWT";
        }

        using var header = JsonDocument.Parse(Decode(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            return "alg is not RS256";
        }

        if (!publicKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Decode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "signature does not verify";
        }

        using var payload = JsonDocument.Parse(Decode(parts[1]));
        var iat = DateTimeOffset.FromUnixTimeSeconds(payload.RootElement.GetProperty("iat").GetInt64());
        var exp = DateTimeOffset.FromUnixTimeSeconds(payload.RootElement.GetProperty("exp").GetInt64());
        if (payload.RootElement.GetProperty("iss").ToString() != appId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return "iss is not the app id";
        }

        if (iat > now)
        {
            return "iat is in the future";
        }

        if (exp <= now || exp > now + TimeSpan.FromMinutes(10))
        {
            return "exp is not within the next 10 minutes";
        }

        return null;
    }

    public static byte[] Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
