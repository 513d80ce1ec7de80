namespace Automations.Integrations.Actions;

/// <summary>What actions need of the engine itself.</summary>
public sealed class ActionsOptions
{
    public const string Section = "Automations";

    /// <summary>
    /// Where people reach this engine (<c>Automations:PublicUrl</c>), for the links to a session in pull
    /// requests, comments and Slack. Null: no links.
    /// </summary>
    public Uri? PublicUrl { get; set; }
}
