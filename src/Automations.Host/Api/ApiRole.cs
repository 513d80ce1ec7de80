namespace Automations.Host.Api;

/// <summary>What a key may do: look, or also change things (stop, resume, answer, delete, start).</summary>
public enum ApiRole
{
    /// <summary>A key from <c>Automations:Api:ReadOnlyKeys</c>: sees everything a person may see, changes nothing.</summary>
    ReadOnly,

    /// <summary>A key from <c>Automations:Api:Keys</c>: everything.</summary>
    Operator,
}
