using Automations.Host.Sessions;

namespace Automations.Host.Surfaces;

/// <summary>
/// What a person asks of a session from GitHub or Slack: <c>stop</c>, <c>resume</c> or <c>retry</c>, or a message (a
/// follow-up, or the answer to its open question). Each runs through <see cref="SessionCommands"/>, as the API and
/// the console do: one code path for every surface.
/// </summary>
public sealed record SteeringCommand(string Verb, string? Text)
{
    public const string Stop = "stop";
    public const string Resume = "resume";
    public const string Retry = "retry";
    public const string Message = "message";

    /// <summary>What a retry tells the agent when it was given nothing more.</summary>
    public const string RetryPrompt = "Your last attempt did not finish. Try the task again.";

    /// <summary>The command a text asks for: its first word when that is a verb (the rest is the message with it), else a message.</summary>
    public static SteeringCommand Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var end = trimmed.IndexOfAny([' ', '\n', '\r', '\t']);
        var first = (end < 0 ? trimmed : trimmed[..end]).TrimEnd('.', '!').ToLowerInvariant();
        var rest = end < 0 ? null : trimmed[end..].Trim() is { Length: > 0 } r ? r : null;
        return first is Stop or Resume or Retry ? new SteeringCommand(first, rest) : new SteeringCommand(Message, trimmed);
    }

    /// <summary>
    /// Runs the command on session <paramref name="sessionId"/>; a message answers <paramref name="question"/> when given, and
    /// one written (<paramref name="writtenAt"/>) before another surface's answer was taken is that question's losing answer.
    /// </summary>
    public Task<SessionCommandResult> RunAsync(SessionCommands commands, string sessionId, string from, long? question, CancellationToken cancellationToken, DateTimeOffset? writtenAt = null)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return Verb switch
        {
            Stop => commands.StopAsync(sessionId, cancellationToken),
            Resume => commands.ResumeAsync(sessionId, Text, cancellationToken),
            Retry => commands.ResumeAsync(sessionId, Text ?? RetryPrompt, cancellationToken),
            _ => commands.PostMessageAsync(sessionId, Text, from, question, cancellationToken, writtenAt: writtenAt),
        };
    }
}
