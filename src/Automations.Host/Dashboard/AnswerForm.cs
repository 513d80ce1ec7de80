namespace Automations.Host.Dashboard;

/// <summary>
/// The question panel's and the composer's form: free text, and, for a question with choices, the chosen
/// ones and an "other" line. Together they make the one message the agent gets.
/// </summary>
public sealed class AnswerForm
{
    public string? Message { get; set; }

    /// <summary>The chosen answers; the form binder leaves it null when none was sent.</summary>
    public IList<string>? Choice { get; set; }

    public string? Other { get; set; }

    /// <summary>The message: the choices, then "other", then the free text, one per line; null when all are empty.</summary>
    public string? Text()
    {
        var parts = (Choice ?? []).Append(Other ?? string.Empty).Append(Message ?? string.Empty)
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .ToList();
        return parts.Count == 0 ? null : string.Join('\n', parts);
    }
}
