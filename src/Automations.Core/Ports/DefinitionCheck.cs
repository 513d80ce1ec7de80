namespace Automations.Core.Ports;

/// <summary>A check due on a pull request that may change automations: its repository, number, head and base commits, and the delivery that asked.</summary>
public sealed record DefinitionCheck(string Repository, int PullNumber, string HeadSha, string BaseSha, string DeliveryId)
{
    /// <summary>The attempt this is, from 1, once taken.</summary>
    public int Attempts { get; init; }

    /// <summary>The lease a worker holds on it, once taken; every later change names it.</summary>
    public string? LeaseToken { get; init; }

    /// <summary>The row's key: one check per repository and head commit.</summary>
    public string Id => $"{Repository}@{HeadSha}";
}
