namespace Automations.Core.Sessions;

/// <summary>Settings of <see cref="SessionRunner"/>.</summary>
public sealed record SessionRunnerOptions
{
    /// <summary>Where <c>owner/name</c> repositories live. Default <c>https://github.com</c>.</summary>
    public string GitUrl { get; init; } = "https://github.com";

    /// <summary>How long agent output may wait before it is written as session events. Default 200 ms.</summary>
    public TimeSpan OutputFlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The name and email on the commit of what the agent left.</summary>
    public string CommitAuthorName { get; init; } = "Automations";

    public string CommitAuthorEmail { get; init; } = "automations@localhost";
}
