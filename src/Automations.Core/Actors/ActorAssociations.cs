namespace Automations.Core.Actors;

/// <summary>GitHub's <c>author_association</c> values, and the ones the default policy trusts.</summary>
public static class ActorAssociations
{
    public const string Owner = "OWNER";
    public const string Member = "MEMBER";
    public const string Collaborator = "COLLABORATOR";

    /// <summary>Every value GitHub sends, in its documentation's order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Owner, Member, Collaborator, "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "NONE"];

    /// <summary>Who may start a session by opening an issue, commenting or opening a pull request, by default.</summary>
    public static IReadOnlyList<string> Trusted { get; } = [Owner, Member, Collaborator];
}
