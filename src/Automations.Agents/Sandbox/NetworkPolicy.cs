namespace Automations.Agents.Sandbox;

/// <summary>Reads <c>Automations:Agents:&lt;name&gt;:Network</c>.</summary>
public static class NetworkPolicy
{
    public const string Open = "open";
    public const string None = "none";

    /// <summary>The access a setting names; null when it names none of them.</summary>
    public static NetworkAccess? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or Open => NetworkAccess.Open,
        None => NetworkAccess.None,
        _ => null,
    };

    public static string Name(NetworkAccess access) => access == NetworkAccess.None ? None : Open;
}
