namespace Automations.Integrations.Slack;

/// <summary>Where a message landed: the channel's id and the message's <c>ts</c>, which names it for <c>chat.update</c> and for replies in its thread.</summary>
public sealed record SlackPosted(string Channel, string Ts);
