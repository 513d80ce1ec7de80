using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Definitions.Actions;

namespace Automations.Core.Definitions;

/// <summary>
/// The JSON Schema of a definition file, for editors (<c># yaml-language-server: $schema=…</c>). It is built from
/// what the parser checks against: its lists of keys, sources, actions and choices, its patterns, and each source's
/// event catalogue, so the two cannot drift. A key the parser reads with no description here fails the build of the
/// schema. What only the engine can check (template paths, the configured agents, a cron's fields, a regex's syntax)
/// is left to <c>automations validate</c>.
/// </summary>
public static partial class DefinitionSchema
{
    /// <summary>The schema as indented JSON with a final newline: what <c>automations schema</c> writes.</summary>
    public static string Text() =>
        Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>The schema.</summary>
    public static JsonObject Build()
    {
        lock (Gate)
        {
            _defs = new JsonObject();
            var schema = Mapping(DefinitionParser.Keys, Top, required: ["repository", "agent", "instructions"]);
            Head(schema);
            schema["$defs"] = _defs;
            _defs = null;
            return schema;
        }
    }

    private static void Head(JsonObject schema)
    {
        schema.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.Insert(1, "title", "Automation definition");
        schema.Insert(2, "description", "One automation: what starts it (on), where it works (repository), who does the work (agent), what it is told (instructions), and what happens after (actions).");
    }

    private static JsonNode? Top(string key) => key switch
    {
        "name" => Pattern(DefinitionParser.NamePatternText, "Unique name; defaults to the file's name. Letters, digits, '.', '_' and '-'."),
        "description" => Described(new JsonObject { ["type"] = new JsonArray("string", "null") }, "What the automation is for."),
        "enabled" => Described(new JsonObject { ["type"] = "boolean" }, "false keeps the automation loaded but starts nothing. Default true."),
        "on" => Triggers(),
        "repository" => Text("Where the session works: owner/name on GitHub, a git URL, or a path relative to this file. May be a template."),
        "base" => Text("The branch the session starts from and its pull request targets. Default main."),
        "branch" => Text("The session's branch: a template, or a name git accepts. Default automations/<name>/<session id>."),
        "agent" => Mapping(DefinitionParser.AgentKeys, Agent, required: ["use"], "Which configured agent does the work, and its limits."),
        "instructions" => Text("The agent's first prompt: a template over event, automation and session. Text from outside the automation is fenced as untrusted."),
        "setup" => Described(OneOrList(Text(null), nullable: true), "Shell commands run in the workspace before the agent's first turn."),
        "setup_timeout" => Duration("How long all the setup commands may take together. Default 10m."),
        "prebuild" => Mapping(DefinitionParser.PrebuildKeys, Prebuild, required: ["commands"], "Commands run once per base commit, in the sandbox, whose result sessions start from instead of running them in each workspace."),
        "actions" => Actions(),
        "concurrency" => Mapping(DefinitionParser.ConcurrencyKeys, Concurrency, required: [], "How many sessions may run at once per key, and what happens to one more."),
        "budget" => Mapping(DefinitionParser.BudgetKeys, _ => Positive("number", "Dollars a day; past it, new sessions are skipped."), required: ["daily_usd"], "Spending limits."),
        "pause_below" => Mapping(DefinitionParser.PauseBelowKeys, PauseBelow, required: ["success_rate", "after"], "Pauses the automation when, after enough pull requests ended in 30 days, too few were merged and kept."),
        "follow_up" => Mapping(DefinitionParser.FollowUpKeys, FollowUp, required: [], "Turns started by the pull request's checks, reviews and merge conflicts."),
        "merge" => Mapping(DefinitionParser.MergeKeys, Merge, required: [], "The engine merges the pull request itself, with the head commit that was checked. Absent, nothing merges."),
        "notify" => Notify(),
        "escalate_after" => Duration("A session still waiting for a person this long is announced again, to the next route of notify."),
        "actors" => Actors(),
        "check_run" => Described(new JsonObject { ["type"] = "boolean" }, "false: its sessions get no check run on their head commit. Default true (where the engine makes them)."),
        "linear_issue" => Text("A Linear issue (ENG-123, or its id; may be a template) on which a session started by another trigger (Sentry, a schedule) appears as an agent session of the Linear app."),
        _ => null,
    };

    private static JsonNode? Agent(string key) => key switch
    {
        "use" => Text("The name of an agent under Automations:Agents in the engine's configuration."),
        "model" => Described(new JsonObject { ["type"] = new JsonArray("string", "null") }, "The model the agent asks for, where it takes one."),
        "timeout" => Duration("How long one turn may run. Default 30m."),
        "max_turns" => Positive("integer", "The agent's own turn limit, where it has one."),
        "max_cost_usd" => Positive("number", "What the session may spend, in dollars, across its turns."),
        _ => null,
    };

    private static JsonNode? Prebuild(string key) => key switch
    {
        "commands" => Described(OneOrList(Text(null)), "Shell commands run in a checkout of the base (npm ci); their result is kept per base commit."),
        "paths" => Described(OneOrList(Text(null)), "What is kept, relative to the repository (node_modules); default: every top-level file or folder the commands made that git does not track."),
        _ => null,
    };

    private static JsonNode? Concurrency(string key) => key switch
    {
        "key" => Text("A template: sessions with the same key count together, such as {{ event.subject.id }}."),
        "max" => Positive("integer", "Sessions at once per key."),
        "on_conflict" => Choice(DefinitionParser.Conflicts, "skip drops the new session; queue runs it when one ends."),
        _ => null,
    };

    private static JsonNode? PauseBelow(string key) => key switch
    {
        "success_rate" => Described(
            new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0, ["maximum"] = 1 },
            "A share of ended pull requests (merged and not reverted, of merged, closed and reverted), such as 0.3; below it the automation pauses."),
        "after" => Positive("integer", "How many pull requests must have ended in the window before the rate counts."),
        _ => null,
    };

    private static JsonNode? FollowUp(string key) => key switch
    {
        "ci_failed" or "changes_requested" or "conflicts" => Mapping(
            DefinitionParser.RetriesKeys,
            _ => new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["description"] = "Follow-up turns at most; 0 follows without starting one." },
            required: ["retries"],
            key switch
            {
                "ci_failed" => "A failed check starts a turn with its output.",
                "changes_requested" => "A review that requests changes starts a turn with its comments.",
                _ => "A pull request whose base moved into conflict starts a turn naming the conflicting files.",
            }),
        _ => null,
    };

    private static JsonNode? Merge(string key) => key switch
    {
        "when" => Choice(DefinitionParser.MergeWhen, "When it merges: approved, every check passed, and mergeable."),
        "method" => Choice(MergeSpec.Methods, "GitHub's merge method. Default merge."),
        _ => null,
    };

    private static JsonObject Notify() => Described(
        new JsonObject
        {
            ["type"] = "array",
            ["minItems"] = 1,
            ["items"] = Mapping(
                DefinitionParser.NotifyKeys,
                key => key switch
                {
                    "when" => OneOrList(Choice(NotifyWhen.All, "A moment of the session.")),
                    "slack" => Text("A Slack channel (#team-alerts) or person (@oncall)."),
                    _ => null,
                },
                required: ["when", "slack"]),
        },
        "Who is told, once per moment, with a link to the session's page.");

    private static JsonObject Actors() => Described(
        new JsonObject
        {
            ["type"] = "array",
            ["minItems"] = 1,
            ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = @"^\S+$" },
        },
        "Who may start a session: logins or ids, user:NAME, team:KEY, association:NAME, bots, anyone, default.");
}
