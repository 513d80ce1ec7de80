using System.Security.Cryptography;
using System.Text;

namespace Automations.Host.Api;

/// <summary>
/// The bearer keys of <c>/api</c>. Configured keys win; with none configured, one key is generated on the
/// first start, kept in the data directory (owner-only), and printed that one time.
/// </summary>
public sealed class ApiKeys
{
    private readonly byte[][] _hashes;

    private ApiKeys(IEnumerable<string> keys) => _hashes = [.. keys.Select(Hash)];

    public static ApiKeys Load(IEnumerable<string> configured, string keyFile, TextWriter announce)
    {
        var keys = configured.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keys.Count > 0)
        {
            return new ApiKeys(keys);
        }

        if (File.Exists(keyFile))
        {
            return new ApiKeys([File.ReadAllText(keyFile).Trim()]);
        }

        var generated = "ak_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        using (var stream = new FileStream(keyFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(generated);
        }

        announce.WriteLine($"Generated an API key for /api (shown once; kept in {keyFile}):");
        announce.WriteLine($"  {generated}");
        return new ApiKeys([generated]);
    }

    /// <summary>True when the <c>Authorization</c> header carries one of the keys; compared in constant time.</summary>
    public bool Accepts(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Hash(authorization[scheme.Length..].Trim());
        var accepted = false;
        foreach (var hash in _hashes)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(presented, hash);
        }

        return accepted;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
