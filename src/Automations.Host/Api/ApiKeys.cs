using System.Security.Cryptography;
using System.Text;

namespace Automations.Host.Api;

/// <summary>
/// The keys of <c>/api</c> and the console: operator keys (<c>Automations:Api:Keys</c>) and read-only keys
/// (<c>Automations:Api:ReadOnlyKeys</c>). Configured operator keys win; with none configured, one is
/// generated on the first start, kept in the data directory (owner-only), and printed that one time.
/// </summary>
public sealed class ApiKeys
{
    private readonly (byte[] Hash, ApiCaller Caller)[] _keys;

    private ApiKeys(IEnumerable<string> operators, IEnumerable<string> readOnly) =>
        _keys = [.. operators.Select(k => Entry(k, ApiRole.Operator)), .. readOnly.Select(k => Entry(k, ApiRole.ReadOnly))];

    public static ApiKeys Load(IEnumerable<string> configured, IEnumerable<string> readOnly, string keyFile, TextWriter announce)
    {
        var keys = configured.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        var readers = readOnly.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keys.Count > 0)
        {
            return new ApiKeys(keys, readers);
        }

        if (File.Exists(keyFile))
        {
            return new ApiKeys([File.ReadAllText(keyFile).Trim()], readers);
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
        return new ApiKeys([generated], readers);
    }

    /// <summary>The caller whose key the <c>Authorization: Bearer</c> header carries, or null.</summary>
    public ApiCaller? FromAuthorization(string? authorization)
    {
        const string scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? Identify(authorization[scheme.Length..].Trim())
            : null;
    }

    /// <summary>The caller that <paramref name="key"/> names, or null; every key is compared, in constant time.</summary>
    public ApiCaller? Identify(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var presented = Hash(key);
        ApiCaller? found = null;
        foreach (var (hash, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                found ??= caller;
            }
        }

        return found;
    }

    /// <summary>The caller of the key with id <paramref name="keyId"/>, while that key is still configured.</summary>
    public ApiCaller? Find(string? keyId) => _keys.Select(k => k.Caller).FirstOrDefault(c => c.KeyId == keyId);

    private static (byte[] Hash, ApiCaller Caller) Entry(string key, ApiRole role)
    {
        var hash = Hash(key);
        return (hash, new ApiCaller("k_" + Convert.ToHexStringLower(SHA256.HashData(hash))[..16], role));
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
