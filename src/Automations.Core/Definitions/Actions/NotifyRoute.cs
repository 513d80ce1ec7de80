namespace Automations.Core.Definitions.Actions;

/// <summary>
/// One entry of <c>notify:</c>: the moments (<see cref="NotifyWhen"/>) that post to <see cref="Slack"/>, a
/// channel (<c>#team-alerts</c>) or a person (<c>@oncall</c>). Each moment is posted once, with a link to the
/// session's page in the console.
/// </summary>
public sealed record NotifyRoute
{
    public required IReadOnlyList<string> When { get; init; }

    public required string Slack { get; init; }
}
