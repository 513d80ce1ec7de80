using Automations.Core.Matching;

namespace Automations.Core.Definitions;

/// <summary>One automation, as loaded from its YAML file (CONTRACT.md, "Automation definitions").</summary>
public sealed record AutomationDefinition
{
    /// <summary>Unique; defaults to the file name without its extension.</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>The file it came from, as given to the parser.</summary>
    public required string SourceFile { get; init; }

    /// <summary>Any of these starts it.</summary>
    public required IReadOnlyList<TriggerSpec> Triggers { get; init; }

    /// <summary><c>owner/name</c>, a git URL, or a path relative to the definition's folder; may be a template.</summary>
    public required string Repository { get; init; }

    /// <summary>The branch the session starts from. Default <c>main</c>.</summary>
    public string Base { get; init; } = "main";

    public required AgentSpec Agent { get; init; }

    /// <summary>A Handlebars template over <c>event</c>, <c>automation</c> and <c>session</c>.</summary>
    public required string Instructions { get; init; }
}

/// <summary>One entry of <c>on:</c>: a source, the event kinds it accepts, and its <c>where</c> filter.</summary>
public sealed record TriggerSpec
{
    /// <summary><c>github</c>, <c>sentry</c>, <c>linear</c>, <c>slack</c>, ...</summary>
    public required string Source { get; init; }

    /// <summary>
    /// Full kinds this trigger listens to, such as <c>github.issues.labeled</c>, or a kind prefix such as
    /// <c>github.issues</c> that accepts every action of the event.
    /// </summary>
    public required IReadOnlyList<string> Kinds { get; init; }

    public WhereFilter Where { get; init; } = WhereFilter.Always;
}

/// <summary><c>agent:</c> in a definition.</summary>
public sealed record AgentSpec
{
    /// <summary>The name of a configured agent (<c>Automations:Agents:&lt;name&gt;</c>).</summary>
    public required string Use { get; init; }

    public string? Model { get; init; }

    /// <summary>How long one agent run may take before its whole process tree is killed. Default 30 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    public int? MaxTurns { get; init; }
}
