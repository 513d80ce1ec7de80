namespace Automations.Core.Definitions.Actions;

/// <summary>
/// One entry of <c>actions:</c>: what happens once a session's agent is done. Each runs once per session
/// (its <see cref="Key"/> is its idempotency key within the session), in the order written.
/// </summary>
public abstract record ActionSpec
{
    /// <summary>Its kind and position, such as <c>pull_request</c> or <c>comment#2</c>: unique within the definition.</summary>
    public required string Key { get; init; }
}
