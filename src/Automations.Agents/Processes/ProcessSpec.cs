namespace Automations.Agents.Processes;

/// <summary>A process to run: program, arguments, folder, and the whole of its environment.</summary>
public sealed record ProcessSpec
{
    /// <summary>The default cap on one line of output: 1 MiB.</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    public required string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public required string WorkingDirectory { get; init; }

    /// <summary>The complete environment: nothing of the engine's own is inherited.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>
    /// Written to standard input in the background, which is then closed. A process that never reads it
    /// cannot hold the run up: the write ends when the process does. Null closes standard input at once.
    /// </summary>
    public string? StandardInput { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>The longest line of output kept whole, in bytes; the rest of a longer line is dropped and counted.</summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>
    /// Called once the process has ended, before its output drains: to end what it left behind (children
    /// that left its group), which the supervisor cannot find by the group's number once the leader is reaped.
    /// </summary>
    public Action? AfterExit { get; init; }

    /// <summary>Called with the process group id once the process has started.</summary>
    public Action<int>? Started { get; init; }
}
