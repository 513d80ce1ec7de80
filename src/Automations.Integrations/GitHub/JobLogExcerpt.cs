namespace Automations.Integrations.GitHub;

/// <summary>
/// Part of a workflow job's log: the lines around its first <c>##[error]</c>, or its last lines when
/// it has none. <see cref="FirstLine"/> is 1-based; <see cref="TotalLines"/> counts the lines read, which
/// stop shortly after the first error; timestamps at the start of lines are removed.
/// </summary>
public sealed record JobLogExcerpt(string Text, int FirstLine, int TotalLines, bool AroundError);
