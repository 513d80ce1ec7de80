namespace Automations.Core.Work;

/// <summary>
/// What an agent said last before it failed, kept for the session's <c>error</c>: its own result text when
/// it reported an error, else why it was blocked (an unreachable model API), else the tail of its standard
/// error (where a program that could not start says so). Bounded, whatever the agent writes.
/// </summary>
internal sealed class LastWords
{
    private const int MaxLines = 5;
    private const int MaxChars = 1000;
    private readonly Queue<string> _stderr = new();

    public string? Blocked { get; set; }

    public void Stderr(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        _stderr.Enqueue(line.Length > MaxChars ? line[..MaxChars] + "…" : line);
        while (_stderr.Count > MaxLines)
        {
            _stderr.Dequeue();
        }
    }

    /// <summary>The failure, with the agent's last words after it when there are any.</summary>
    public string Explain(string failure, AgentTurnReport? report)
    {
        var words = report is { IsError: true, Text: { Length: > 0 } result } ? result
            : Blocked ?? (_stderr.Count > 0 ? string.Join('\n', _stderr) : null);
        if (words is null)
        {
            return failure;
        }

        words = words.Trim();
        return $"{failure}: {(words.Length > MaxChars ? "…" + words[^MaxChars..] : words)}";
    }
}

/// <summary>What of the agent's report bears on its failure.</summary>
internal sealed record AgentTurnReport(bool IsError, string? Text);
