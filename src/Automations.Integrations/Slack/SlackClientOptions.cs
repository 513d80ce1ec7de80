using Automations.Integrations.Http;

namespace Automations.Integrations.Slack;

/// <summary><c>Automations:Slack</c>: the Web API and the bot's token.</summary>
public sealed class SlackClientOptions : IProviderOptions
{
    public const string Section = "Automations:Slack";

    /// <summary>The Web API. Default <c>https://slack.com/api</c>.</summary>
    public string ApiUrl { get; set; } = "https://slack.com/api";

    /// <summary>The bot token (<c>xoxb-…</c>), with <c>chat:write</c>.</summary>
    public string? BotToken { get; set; }

    public HttpRetryOptions Retry { get; set; } = new();
}
