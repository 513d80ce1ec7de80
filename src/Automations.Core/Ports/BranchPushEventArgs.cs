namespace Automations.Core.Ports;

/// <summary>A push another instance noted (<see cref="IBranchPushes.NotedElsewhere"/>).</summary>
public sealed class BranchPushEventArgs(BranchPush push) : EventArgs
{
    public BranchPush Push { get; } = push;
}
