using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Automations.Integrations.GitHub;

/// <summary>
/// The JWT a GitHub App signs to ask for installation tokens: RS256, issued 60 seconds in the past
/// (for clock drift), expiring at most 10 minutes after it is made, issuer the app's id.
/// </summary>
public static class GitHubAppJwt
{
    public static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    /// <summary>Reads an RSA private key from a PEM file (PKCS#1 or PKCS#8).</summary>
    public static RSA LoadKey(string path)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public static string Create(long appId, RSA key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = Encode("""{"alg":"RS256","typ":"JWT"}"""u8.ToArray());
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["iat"] = (now - Backdate).ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["iss"] = appId.ToString(CultureInfo.InvariantCulture),
        }));
        var signed = $"{header}.{payload}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Encode(signature)}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
