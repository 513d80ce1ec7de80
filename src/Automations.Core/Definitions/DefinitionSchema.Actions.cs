using System.Text.Json.Nodes;

namespace Automations.Core.Definitions;

/// <summary>The schema of <c>actions:</c>, each kind with its settings.</summary>
public static partial class DefinitionSchema
{
    private static JsonObject Actions()
    {
        var withSettings = OneOf(DefinitionParser.ActionKinds, Action);

        // A kind alone (- pull_request) when it needs no setting.
        var alone = DefinitionParser.ActionKinds.Where(k => Action(k) is JsonObject settings && !settings.ContainsKey("required"));
        return Described(
            new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["anyOf"] = new JsonArray(Enum(alone), withSettings) } },
                    new JsonObject { ["type"] = "null" }),
            },
            "What happens once the agent is done, each once per session: pull_request, slack, comment, webhook.");
    }

    private static JsonNode? Action(string kind) => kind switch
    {
        "pull_request" => Nullable(Mapping(DefinitionParser.PullRequestKeys, PullRequest, required: [], "Open a pull request from the session's branch.")),
        "slack" => Mapping(DefinitionParser.SlackKeys, _ => Text("The channel, such as \"#alerts\" or its id."), required: ["channel"], "One Slack thread per session, kept current."),
        "comment" => Nullable(Mapping(DefinitionParser.CommentKeys, Comment, required: [], "Comment once on the issue that started the session.")),
        "webhook" => Mapping(DefinitionParser.WebhookActionKeys, WebhookAction, required: ["url"], "POST the session's result, signed the Standard Webhooks way."),
        _ => null,
    };

    private static JsonNode? PullRequest(string key) => key switch
    {
        "title" => Text("A template. Default: the automation's name and the event's subject."),
        "body" => Text("A template for the description."),
        "draft" => new JsonObject { ["type"] = "boolean", ["description"] = "Open it as a draft. Default false." },
        "labels" => Described(OneOrList(Text(null)), "Labels to add."),
        "reviewers" => Described(OneOrList(Text(null)), "Logins or owner/team to ask for review."),
        _ => null,
    };

    private static JsonNode? Comment(string key) => key switch
    {
        "on" => Choice(DefinitionParser.CommentTargets, "Where: the trigger's issue, or the GitHub or Linear one."),
        "body" => Text("A template. Default: a summary with a link to the session."),
        _ => null,
    };

    private static JsonNode? WebhookAction(string key) => key switch
    {
        "url" => new JsonObject { ["type"] = "string", ["pattern"] = "^[Hh][Tt][Tt][Pp][Ss]?://\\S+$", ["description"] = "An absolute http or https URL." },
        "secret" => Secret(),
        _ => null,
    };

    /// <summary>A kind's settings, or nothing at all (<c>- pull_request:</c>).</summary>
    private static JsonObject Nullable(JsonObject settings) =>
        new() { ["anyOf"] = new JsonArray(settings, new JsonObject { ["type"] = "null" }) };
}
