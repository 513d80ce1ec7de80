using Automations.Core.Actors;
using Automations.Core.Definitions.Actions;

namespace Automations.Core.Definitions;

/// <summary>One automation, as loaded from its YAML file (CONTRACT.md, "Automation definitions").</summary>
public sealed record AutomationDefinition
{
    /// <summary>
    /// Unique; defaults to the file name without its extension. A connected repository's definition is
    /// qualified by it: <c>acme/web/fix</c>.
    /// </summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary><c>check_run</c>: whether its sessions own a check run on their head commit (when the engine makes them). Default true.</summary>
    public bool CheckRun { get; init; } = true;

    /// <summary>The file it came from, as given to the parser.</summary>
    public required string SourceFile { get; init; }

    /// <summary>The connected repository, path and commit it was read from; null for the local folder's definitions.</summary>
    public DefinitionOrigin? Origin { get; init; }

    /// <summary>Where sessions say it came from: <see cref="Origin"/>, or the local folder's file and no commit.</summary>
    public DefinitionOrigin Provenance => Origin ?? new DefinitionOrigin(null, SourceFile, null);

    /// <summary>Any of these starts it.</summary>
    public required IReadOnlyList<TriggerSpec> Triggers { get; init; }

    /// <summary><c>owner/name</c>, a git URL, or a path relative to the definition's folder; may be a template.</summary>
    public required string Repository { get; init; }

    /// <summary>The branch the session starts from. Default <c>main</c>.</summary>
    public string Base { get; init; } = "main";

    public required AgentSpec Agent { get; init; }

    /// <summary>A Handlebars template over <c>event</c>, <c>automation</c> and <c>session</c>.</summary>
    public required string Instructions { get; init; }

    /// <summary><c>actions:</c> what happens once the agent is done, in order; empty when absent.</summary>
    public IReadOnlyList<ActionSpec> Actions { get; init; } = [];

    /// <summary><c>concurrency:</c>; null when absent.</summary>
    public ConcurrencySpec? Concurrency { get; init; }

    /// <summary><c>budget:</c>; null when absent (no budget).</summary>
    public BudgetSpec? Budget { get; init; }

    /// <summary><c>pause_below:</c> pauses the automation when its record falls; null when absent (never).</summary>
    public PauseBelowSpec? PauseBelow { get; init; }

    /// <summary>
    /// <c>setup:</c>: shell commands run in order in the workspace before the agent starts; empty when absent.
    /// They are not templates, so no event text ever reaches a shell through them.
    /// </summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary><c>setup_timeout:</c>: how long all of <see cref="Setup"/> may take together. Default 10 minutes.</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>prebuild:</c>: commands run once per base commit whose result sessions start from; null when absent.</summary>
    public PrebuildSpec? Prebuild { get; init; }

    /// <summary>
    /// <c>branch:</c>: a template for the session's branch; null when absent, and the engine uses
    /// <c>automations/&lt;automation&gt;/&lt;session id&gt;</c>. Render it with <see cref="DefinitionRendering.Branch"/>.
    /// </summary>
    public string? Branch { get; init; }

    /// <summary><c>follow_up:</c> follow-up turns for failed CI and requested changes; null when absent (none).</summary>
    public FollowUpSpec? FollowUp { get; init; }

    /// <summary><c>merge:</c> the engine merges the pull request itself; null when absent (it never does).</summary>
    public MergeSpec? Merge { get; init; }

    /// <summary><c>notify:</c> who is told of which moments of a session; empty when absent.</summary>
    public IReadOnlyList<NotifyRoute> Notify { get; init; } = [];

    /// <summary>
    /// <c>escalate_after:</c> a session still waiting for a person this long after it began to (<c>needs_input</c>,
    /// <c>stuck</c>, <c>mergeable</c>) is announced again, to the route after the one that told it first; null when absent.
    /// </summary>
    public TimeSpan? EscalateAfter { get; init; }

    /// <summary>
    /// <c>linear_issue:</c> a template for a Linear issue (its identifier, such as <c>ENG-123</c>, or its id) on which
    /// a session that Linear's agent session events did not start appears as an agent session of the app, through
    /// <c>agentSessionCreateOnIssue</c>; null when absent (it does not appear there). Empty when rendered: none.
    /// </summary>
    public string? LinearIssue { get; init; }

    /// <summary>
    /// <c>actors:</c>: who may start it (<see cref="ActorPolicy"/>). Null when absent: the default
    /// policy (GitHub issues, comments, pull requests and reviews only from OWNER, MEMBER or COLLABORATOR; no bots).
    /// </summary>
    public IReadOnlyList<ActorRule>? Actors { get; init; }
}
