namespace Automations.Agents.Processes;

/// <summary>A process to run: program, arguments, folder, and the whole of its environment.</summary>
public sealed record ProcessSpec
{
    public required string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public required string WorkingDirectory { get; init; }

    /// <summary>The complete environment: nothing of the engine's own is inherited.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Written to standard input, which is then closed. Null closes it at once.</summary>
    public string? StandardInput { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>Called with the process group id once the process has started.</summary>
    public Action<int>? Started { get; init; }
}
