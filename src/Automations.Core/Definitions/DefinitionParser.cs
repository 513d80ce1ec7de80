using System.Text.RegularExpressions;
using Automations.Core.Actors;
using Automations.Core.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>
/// Reads one automation definition (CONTRACT.md, "Automation definitions") from YAML text. Pure: the caller
/// reads the file. Every problem found is reported with its 1-based line and column; a file with any problem
/// gives no definition.
/// </summary>
public static partial class DefinitionParser
{
    internal static readonly string[] Keys =
        ["name", "description", "enabled", "on", "repository", "base", "branch", "agent", "instructions", "setup", "setup_timeout", "prebuild", "actions", "concurrency", "budget", "pause_below", "follow_up", "merge", "notify", "escalate_after", "actors", "check_run", "linear_issue"];

    internal static readonly string[] AgentKeys = ["use", "model", "timeout", "max_turns", "max_cost_usd"];

    /// <param name="file">The file's path as it should appear in errors; its name is the default automation name.</param>
    /// <param name="yaml">The file's text.</param>
    /// <param name="agents">
    /// The configured agents (<c>Automations:Agents:&lt;name&gt;</c>): <c>agent.use</c> must name one of them, ignoring
    /// case. Null when the caller does not know the configuration: then any name is accepted.
    /// </param>
    /// <param name="scope">
    /// The connected repository the file comes from (<see cref="DefinitionScope"/>): the name is qualified by it,
    /// <c>repository:</c> defaults to it, and triggers are held to its grants. Null for the local folder.
    /// </param>
    public static DefinitionParseResult Parse(string file, string yaml, IReadOnlyCollection<string>? agents = null, DefinitionScope? scope = null)
    {
        var context = new ParseContext(file, yaml) { Agents = agents, Scope = scope };
        var root = Load(yaml, context);
        if (root is null)
        {
            return new DefinitionParseResult { Errors = context.Errors };
        }

        var (definition, namePosition) = Read(root, context);
        return context.ErrorCount == 0 && definition is not null
            ? new DefinitionParseResult { Definition = definition, NamePosition = namePosition, EndpointPositions = [.. context.Endpoints] }
            : new DefinitionParseResult { Errors = context.Errors };
    }

    private static YamlMappingNode? Load(string yaml, ParseContext context)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new GuardedParser(new Parser(new StringReader(yaml))));
        }
        catch (YamlException ex)
        {
            context.Error(ex.Start, ex.Message);
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            context.Error(Mark.Empty, "the file is empty: a definition needs at least repository, agent and instructions");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Error(stream.Documents[1].RootNode, "a definition file holds one YAML document; this is a second one");
            return null;
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            context.Error(root, "a definition is a mapping of keys such as name, on, repository, agent and instructions");
            return null;
        }

        return mapping;
    }

    private static (AutomationDefinition? Definition, (int Line, int Column) NamePosition) Read(YamlMappingNode root, ParseContext context)
    {
        var entries = context.Entries(root, Keys, owner: null);
        YamlNode? Get(string key) => entries.GetValueOrDefault(key);

        var nameNode = Get("name");
        var name = nameNode is null ? Path.GetFileNameWithoutExtension(context.File) : context.Text(nameNode, "name");
        var namePosition = nameNode ?? root;
        if (name is not null && !NamePattern().IsMatch(name))
        {
            context.Error(namePosition, $"name '{name}'{(nameNode is null ? " (from the file name)" : "")} may hold only letters, digits, '.', '_' and '-', and starts with a letter or digit");
        }

        // A connected repository's names are qualified by it, so two repositories never claim one name.
        var valid = name is not null && NamePattern().IsMatch(name);
        name = name is not null && context.Scope is { } scope ? $"{scope.Repository}/{name}" : name;
        context.Automation = valid ? name : null;
        var description = Get("description") is { } descriptionNode ? context.OptionalText(descriptionNode, "description") : null;
        var enabled = Get("enabled") is { } enabledNode ? context.Boolean(enabledNode, "enabled") : true;
        var triggers = Get("on") is { } onNode ? TriggerParser.Parse(onNode, context) : [];
        var repository = context.Scope is null
            ? Required(root, Get("repository"), "repository", context, template: true, trim: true)
            : ScopedTriggers.Repository(Get("repository"), context);
        var baseBranch = Get("base") is { } baseNode ? context.Text(baseNode, "base") : "main";
        var agent = Get("agent") is { } agentNode ? Agent(agentNode, context) : Missing<AgentSpec>(root, "agent", context);
        var instructions = Required(root, Get("instructions"), "instructions", context, template: true, trim: false);
        var actors = Get("actors") is { } actorsNode ? ActorRuleParser.Parse(actorsNode, context) : null;
        var branch = Get("branch") is { } branchNode ? Branch(branchNode, context) : null;
        var setup = Get("setup") is { } setupNode ? Setup(setupNode, context) : [];
        var prebuild = Get("prebuild") is { } prebuildNode ? Prebuild(prebuildNode, context) : null;
        var setupTimeout = Get("setup_timeout") is { } setupTimeoutNode ? Duration(setupTimeoutNode, "setup_timeout", context) : null;
        var concurrency = Get("concurrency") is { } concurrencyNode ? Concurrency(concurrencyNode, context) : null;
        var budget = Get("budget") is { } budgetNode ? Budget(budgetNode, context) : null;
        var pauseBelow = Get("pause_below") is { } pauseBelowNode ? PauseBelow(pauseBelowNode, context) : null;
        var actions = Get("actions") is { } actionsNode ? Actions(actionsNode, context) : [];
        var followUp = Get("follow_up") is { } followUpNode ? FollowUp(followUpNode, context) : null;
        var merge = Get("merge") is { } mergeNode ? Merge(mergeNode, context) : null;
        var notify = Get("notify") is { } notifyNode ? Notify(notifyNode, context) : [];
        var escalateAfter = Get("escalate_after") is { } escalateNode ? EscalateAfter(escalateNode, notify, context) : null;
        var checkRun = Get("check_run") is { } checkRunNode ? context.Boolean(checkRunNode, "check_run") : true;
        var linearIssue = Get("linear_issue") is { } linearIssueNode ? Template(linearIssueNode, "linear_issue", context) : null;

        if (context.ErrorCount > 0 || name is null || enabled is null || checkRun is null || repository is null || baseBranch is null || agent is null || instructions is null)
        {
            return (null, default);
        }

        var definition = new AutomationDefinition
        {
            Name = name,
            Description = description,
            Enabled = enabled.Value,
            CheckRun = checkRun.Value,
            SourceFile = context.File,
            Triggers = triggers,
            Repository = repository,
            Base = baseBranch,
            Agent = agent,
            Instructions = instructions,
            Actions = actions,
            Concurrency = concurrency,
            Budget = budget,
            PauseBelow = pauseBelow,
            Setup = setup,
            SetupTimeout = setupTimeout ?? TimeSpan.FromMinutes(10),
            Prebuild = prebuild,
            Branch = branch,
            FollowUp = followUp,
            Merge = merge,
            Notify = notify,
            EscalateAfter = escalateAfter,
            Actors = actors,
            LinearIssue = linearIssue,
        };
        return (definition, ((int)namePosition.Start.Line, (int)namePosition.Start.Column));
    }

    private static string? Required(YamlMappingNode root, YamlNode? node, string name, ParseContext context, bool template, bool trim)
    {
        if (node is null)
        {
            return Missing<string>(root, name, context);
        }

        var text = context.Text(node, name, trim);
        return text is not null && template ? CheckedTemplate(node, name, text, context) : text;
    }

    /// <summary>
    /// <paramref name="text"/> when it compiles as a template and names only paths the model has; otherwise null,
    /// after reporting the problem (a wrong path at the place it is written).
    /// </summary>
    private static string? CheckedTemplate(YamlNode node, string name, string text, ParseContext context)
    {
        if (TemplateRenderer.Shared.Validate(text) is { } error)
        {
            context.Error(node, $"'{name}': {error}");
            return null;
        }

        if (TemplatePaths.Check(text) is { } problem)
        {
            // The value may be trimmed: the offset is in the text as written.
            var written = node is YamlScalarNode { Value: { } value } ? value : text;
            var shift = written.IndexOf(text, StringComparison.Ordinal);
            context.Error(node, Math.Max(0, shift) + problem.Offset, problem.Length, $"'{name}': {problem.Message}");
            return null;
        }

        return text;
    }

    private static AgentSpec? Agent(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'agent' must be a mapping, such as agent: { use: claude, timeout: 30m }");
            return null;
        }

        var errors = context.ErrorCount;
        var entries = context.Entries(mapping, AgentKeys, "agent");
        var use = entries.TryGetValue("use", out var useNode)
            ? context.Text(useNode, "use")
            : Missing<string>(mapping, "use", context, "the name of a configured agent");
        if (use is not null && context.Agents is { } agents && !agents.Contains(use, StringComparer.OrdinalIgnoreCase))
        {
            context.Error(useNode!, UnknownAgent(use, agents));
            use = null;
        }

        var model = entries.TryGetValue("model", out var modelNode) ? context.OptionalText(modelNode, "model") : null;

        var timeout = entries.TryGetValue("timeout", out var timeoutNode) ? Duration(timeoutNode, "timeout", context) : null;
        var maxTurns = entries.TryGetValue("max_turns", out var turnsNode) ? context.PositiveInteger(turnsNode, "max_turns") : null;
        var maxCost = entries.TryGetValue("max_cost_usd", out var costNode) ? context.PositiveNumber(costNode, "max_cost_usd") : null;

        return context.ErrorCount == errors && use is not null
            ? new AgentSpec { Use = use, Model = model, Timeout = timeout ?? TimeSpan.FromMinutes(30), MaxTurns = maxTurns, MaxCostUsd = maxCost }
            : null;
    }

    private static string UnknownAgent(string use, IReadOnlyCollection<string> agents)
    {
        if (agents.Count == 0)
        {
            return $"agent '{use}' is not configured, and no agent is: configure it as Automations:Agents:{use}:Kind (command, claude-code or codex) in appsettings.json, the environment or the command line";
        }

        var suggestion = Suggestions.Closest(use, agents);
        return $"agent '{use}' is not configured{(suggestion is null ? "" : $" (did you mean '{suggestion}'?)")}; "
            + $"configured: {string.Join(", ", agents.Order(StringComparer.OrdinalIgnoreCase))}";
    }

    /// <summary>Reports a required key that is not there, at the mapping that lacks it; returns null.</summary>
    private static T? Missing<T>(YamlNode owner, string key, ParseContext context, string? what = null)
        where T : class
    {
        context.Error(owner, $"missing required key '{key}'{(what is null ? "" : $": {what}")}");
        return null;
    }

    /// <summary>An automation name's pattern, which the definitions' JSON Schema carries too.</summary>
    internal const string NamePatternText = @"\A[A-Za-z0-9][A-Za-z0-9._-]{0,99}\z";

    [GeneratedRegex(NamePatternText, RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
