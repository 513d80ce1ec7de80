namespace Automations.Core.Definitions.Actions;

/// <summary><c>comment: { on: trigger | github | linear, body }</c>: one comment back on the issue that started the session.</summary>
public sealed record CommentAction : ActionSpec
{
    public CommentTarget On { get; init; } = CommentTarget.Trigger;

    /// <summary>A template; null for the engine's summary of the session.</summary>
    public string? Body { get; init; }
}

/// <summary>Where a <see cref="CommentAction"/> goes.</summary>
public enum CommentTarget
{
    /// <summary>The GitHub or Linear issue (or pull request) that started the session.</summary>
    Trigger,

    /// <summary>The GitHub issue or pull request that started it; nothing for other sources.</summary>
    GitHub,

    /// <summary>The Linear issue that started it; nothing for other sources.</summary>
    Linear,
}
