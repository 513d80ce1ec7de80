namespace Automations.Core.Sessions;

/// <summary>Tokens a session's agent used, as it reported them.</summary>
public sealed record SessionTokens(long Input, long Output);
