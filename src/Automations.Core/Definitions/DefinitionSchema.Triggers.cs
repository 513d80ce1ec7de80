using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Automations.Core.Sources;

namespace Automations.Core.Definitions;

/// <summary>The schema of <c>on:</c>: each source's settings, its event kinds from its catalogue, and <c>where</c>.</summary>
public static partial class DefinitionSchema
{
    private static JsonObject Triggers()
    {
        var trigger = Ref("trigger", () => OneOf(TriggerParser.Sources, source => new JsonObject { ["$ref"] = $"#/$defs/{source}" }));
        return Described(
            new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["type"] = "array", ["items"] = trigger },
                    Mapping(TriggerParser.Sources, source => Trigger(source) is JsonObject settings ? Ref(source, () => settings) : null, required: []),
                    new JsonObject { ["type"] = "null" }),
            },
            "What starts the automation: a list of triggers, each one source and its settings, such as - github: { event: issues.labeled }.");
    }

    private static JsonNode? Trigger(string source) => source switch
    {
        "sentry" => Sentry(),
        "webhook" => Mapping(WebhookTriggerParser.Keys, Webhook, required: ["endpoint", "secret"], "A signed POST to /webhooks/custom/<endpoint> (Standard Webhooks)."),
        "schedule" => Mapping(ScheduleTriggerParser.Keys, Schedule, required: ["cron"], "A cron schedule; each slot fires once."),
        _ when EventCatalogues.Of(source) is { } catalogue => Mapping(
            TriggerParser.EventKeys,
            key => key == "event" ? Described(OneOrList(Ref($"{source}-kind", () => Kinds(catalogue))), $"{catalogue.Provider} {catalogue.Noun}, or {catalogue.Noun}.action, as {catalogue.Provider} sends it.") : Key(key),
            required: ["event"],
            $"A {catalogue.Provider} delivery."),
        _ => null,
    };

    /// <summary>Every name and name.action of <paramref name="catalogue"/>; an action the sender chooses is any name.</summary>
    private static JsonObject Kinds(EventCatalogue catalogue)
    {
        var kinds = Enum(catalogue.Kinds());
        var open = catalogue.Entries.Where(e => e.AnyAction).Select(e => $"^{Regex.Escape(e.Name)}\\.[A-Za-z0-9_-]+$").ToList();
        return open.Count == 0
            ? kinds
            : new JsonObject { ["anyOf"] = new JsonArray([kinds, .. open.Select(p => (JsonNode)new JsonObject { ["type"] = "string", ["pattern"] = p })]) };
    }

    private static JsonObject Sentry()
    {
        var catalogue = EventCatalogues.Of("sentry")!;
        var sentry = Mapping(
            TriggerParser.SentryKeys,
            key => key switch
            {
                "resource" => Described(Enum(catalogue.Entries.Select(e => e.Name)), "The Sentry resource, as the Sentry-Hook-Resource header names it."),
                "action" => Described(new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["type"] = "string" } }) }, "One action or a list; every action of the resource when left out."),
                _ => Key(key),
            },
            required: ["resource"],
            "A Sentry delivery.");

        // Each resource's own actions.
        sentry["allOf"] = new JsonArray([.. catalogue.Entries.Where(e => e.Actions.Count > 0).Select(e => (JsonNode)new JsonObject
        {
            ["if"] = new JsonObject { ["properties"] = new JsonObject { ["resource"] = new JsonObject { ["const"] = e.Name } }, ["required"] = new JsonArray("resource") },
            ["then"] = new JsonObject { ["properties"] = new JsonObject { ["action"] = OneOrList(Enum(e.Actions)) } },
        })]);
        return sentry;
    }

    private static JsonNode? Webhook(string key) => key switch
    {
        "endpoint" => Pattern(WebhookTriggerParser.EndpointPatternText, "The endpoint's name: POST /webhooks/custom/<endpoint>."),
        "secret" => Secret(),
        _ => Key(key),
    };

    private static JsonNode? Schedule(string key) => key switch
    {
        "cron" => Text("5 or 6 cron fields, such as \"0 9 * * MON-FRI\"."),
        "timezone" => Text("An IANA time zone, such as Europe/Berlin. Default UTC."),
        "catch_up" => Choice(ScheduleTriggerParser.CatchUps, "After downtime: fire the latest missed slot, all of them, or none."),
        _ => null,
    };

    /// <summary><c>where</c>, shared by every source that has it.</summary>
    private static JsonNode? Key(string key) => key switch
    {
        "where" => Ref("where", () => Described(new JsonObject { ["type"] = "object", ["additionalProperties"] = Ref("condition", Condition) }, "Event paths (payload.… reaches the provider's body) to conditions; all must hold.")),
        _ => null,
    };

    private static JsonObject Condition()
    {
        var scalar = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") };
        var operators = OneOf(WhereParser.Operators, op => op switch
        {
            "glob" or "regex" => Text(null),
            "exists" => new JsonObject { ["type"] = "boolean" },
            "not" => new JsonObject { ["$ref"] = "#/$defs/condition" },
            _ => null,
        });
        var list = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["anyOf"] = new JsonArray(scalar.DeepClone(), operators.DeepClone()) } };
        return new JsonObject { ["anyOf"] = new JsonArray(scalar, list, operators) };
    }

    private static JsonObject Secret() => Ref("secret", () => Described(
        new JsonObject { ["type"] = "string", ["pattern"] = "^" + Regex.Escape(WebhookTriggerParser.EnvPrefix) + Ecma(WebhookTriggerParser.VariablePatternText)[1..] },
        "env:NAME: the environment variable that holds the secret; never the secret itself."));
}
