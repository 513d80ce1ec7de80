namespace Automations.Testing.Fakes;

/// <summary>A request a fake server received, as it came: method, path, query, headers and body.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Method} {Path}{Query}";
}
