namespace Automations.Host.Api;

/// <summary>
/// Who presented a key: the key's id (a short digest of it, never the key) and its role. The id is what
/// a console cookie carries, so a key taken out of the configuration ends the sessions it signed in.
/// </summary>
public sealed record ApiCaller(string KeyId, ApiRole Role)
{
    public bool CanChange => Role == ApiRole.Operator;

    /// <summary>The role as a claim value and as the docs spell it.</summary>
    public string RoleName => Role == ApiRole.Operator ? "operator" : "read-only";
}
