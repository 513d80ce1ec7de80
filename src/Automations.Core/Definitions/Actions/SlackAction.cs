namespace Automations.Core.Definitions.Actions;

/// <summary><c>slack: { channel }</c>: one thread per session; its first message opens it, status changes go into it.</summary>
public sealed record SlackAction : ActionSpec
{
    /// <summary>A channel name (<c>#alerts</c>) or id.</summary>
    public required string Channel { get; init; }
}
