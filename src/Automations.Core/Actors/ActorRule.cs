namespace Automations.Core.Actors;

/// <summary>One entry of a definition's <c>actors:</c> list, parsed.</summary>
public sealed record ActorRule
{
    public required ActorRuleKind Kind { get; init; }

    /// <summary>
    /// The login, user, team key or association (upper case) the rule names; empty for
    /// <see cref="ActorRuleKind.Bots"/>, <see cref="ActorRuleKind.Anyone"/> and <see cref="ActorRuleKind.Default"/>.
    /// </summary>
    public string Value { get; init; } = "";

    /// <summary>The rule as it would be written in <c>actors:</c>.</summary>
    public override string ToString() => Kind switch
    {
        ActorRuleKind.User => Value,
        ActorRuleKind.Association => $"association:{Value}",
        ActorRuleKind.Team => $"team:{Value}",
        ActorRuleKind.Bots => ActorRuleParser.Bots,
        ActorRuleKind.Anyone => ActorRuleParser.Anyone,
        ActorRuleKind.Default => ActorRuleParser.Default,
        _ => Value,
    };
}
