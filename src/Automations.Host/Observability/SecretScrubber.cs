using System.Text.RegularExpressions;
using Automations.Core.Sessions;

namespace Automations.Host.Observability;

/// <summary>
/// Blanks the engine's secrets out of text bound for another party (an error report): every configured value
/// whose key names a secret (<c>…Secret</c>, <c>…Token</c>, <c>…Key(s)</c>, <c>…Password</c>, a connection
/// string, a DSN) or is an agent's environment (<c>Automations:Agents:&lt;name&gt;:Env:*</c>), environment
/// variables included, since they are configuration too; and every URL's user and password
/// (<see cref="RepositoryLocation.WithoutUserInfo"/>), configured or not.
/// </summary>
internal sealed partial class SecretScrubber
{
    public const string Blank = "[redacted]";

    // Shorter values would blank ordinary words; a secret is longer than this.
    private const int MinimumLength = 6;

    private readonly string[] _secrets;

    public SecretScrubber(IConfiguration configuration) =>
        _secrets = [.. configuration.AsEnumerable()
            .Where(s => s.Value is { Length: >= MinimumLength } && IsSecret(s.Key))
            .Select(s => s.Value!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)];

    /// <summary><paramref name="text"/> with every secret blanked and every URL without its user info.</summary>
    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Blank, StringComparison.Ordinal);
        }

        return RepositoryLocation.WithoutUserInfo(text);
    }

    internal static bool IsSecret(string key) =>
        SecretKey().IsMatch(key) || key.Contains(":Env:", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(secret|token|keys?(:\d+)?|password|passwd|connectionstring|dsn|credential)$", RegexOptions.ExplicitCapture | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();
}
