namespace Automations.Core.Actors;

/// <summary>Whether whoever caused an event may start a definition's session, and if not, why not.</summary>
public sealed record ActorDecision
{
    private ActorDecision(bool allowed, string? reason)
    {
        Allowed = allowed;
        Reason = reason;
    }

    public static ActorDecision Allow { get; } = new(allowed: true, reason: null);

    public bool Allowed { get; }

    /// <summary>For a refusal: a sentence naming the event, the actor and how to allow it. Null when allowed.</summary>
    public string? Reason { get; }

    public static ActorDecision Refuse(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new ActorDecision(allowed: false, reason);
    }
}
