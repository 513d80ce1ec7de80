using System.Text;

namespace Automations.Testing.Fakes;

/// <summary>
/// A request a fake server received, as it came: method, path, query, headers and the body's bytes (a
/// signature is over bytes: a text copy would hide a difference in encoding).
/// </summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The body read as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Method} {Path}{Query}";
}
