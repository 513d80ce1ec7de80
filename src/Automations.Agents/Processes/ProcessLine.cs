namespace Automations.Agents.Processes;

/// <summary>
/// One line a supervised process wrote on <paramref name="Stream"/> (<c>stdout</c> or <c>stderr</c>), without
/// its line end. A line longer than the spec's cap keeps its first bytes; <paramref name="DroppedBytes"/>
/// says how many were left out.
/// </summary>
public readonly record struct ProcessLine(string Stream, string Text, long DroppedBytes = 0)
{
    public bool Truncated => DroppedBytes > 0;
}
