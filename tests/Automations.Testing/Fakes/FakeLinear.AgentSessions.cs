using System.Text.Json.Nodes;
using Automations.Testing.Fakes.GraphQl;

namespace Automations.Testing.Fakes;

/// <summary>
/// Linear's agent sessions (Linear's "Agent interaction"): <c>agentActivityCreate</c>, <c>agentSessionUpdate</c>
/// and <c>agentSessionCreateOnIssue</c>, with the inputs Linear takes and its rules on them: an agent posts
/// thoughts, actions, elicitations, responses and errors (a prompt is a person's), a body or an action's
/// <c>action</c> and <c>parameter</c>, only thoughts and actions are ephemeral, <c>select</c> goes with an
/// elicitation and its options. The session's state follows its last activity, as in Linear.
/// </summary>
public sealed partial class FakeLinear
{
    private static readonly HashSet<string> ActivityInputs = ["id", "agentSessionId", "content", "ephemeral", "signal", "signalMetadata", "contextualMetadata"];
    private static readonly HashSet<string> UpdateInputs = ["externalLink", "externalUrls", "addedExternalUrls", "removedExternalUrls", "plan", "dismissedAt", "userState"];
    private static readonly HashSet<string> PlanStatuses = ["pending", "inProgress", "completed", "canceled"];

    private readonly List<JsonObject> _agentSessions = [];
    private readonly List<(string SessionId, JsonObject Activity)> _activities = [];

    /// <summary>An agent session of the app on the issue (by its UUID), as Linear makes one when the app is delegated or mentioned; its id.</summary>
    public string AddAgentSession(string issueId)
    {
        lock (_state)
        {
            return NewAgentSession(Find(issueId) ?? throw new ArgumentException($"no issue {issueId}", nameof(issueId)));
        }
    }

    /// <summary>The activities posted to the agent session, in order: <c>{id, content, ephemeral, signal, signalMetadata}</c>.</summary>
    public IReadOnlyList<JsonObject> Activities(string agentSessionId)
    {
        lock (_state)
        {
            return [.. _activities.Where(a => a.SessionId == agentSessionId).Select(a => a.Activity.DeepClone().AsObject())];
        }
    }

    /// <summary>The agent session as it is now (<c>status</c>, <c>externalUrls</c>, <c>plan</c>, ...), or null.</summary>
    public JsonObject? AgentSession(string id)
    {
        lock (_state)
        {
            return _agentSessions.FirstOrDefault(s => (string?)s["id"] == id)?.DeepClone().AsObject();
        }
    }

    /// <summary>Every agent session, in the order they were made.</summary>
    public IReadOnlyList<JsonObject> AgentSessions
    {
        get
        {
            lock (_state)
            {
                return [.. _agentSessions.Select(s => s.DeepClone().AsObject())];
            }
        }
    }

    private (JsonNode? Value, string? Error) AgentMutation(GraphQlField field, JsonObject variables)
    {
        var input = GraphQlSchema.Argument(field, "input", variables) as JsonObject ?? [];
        return field.Name switch
        {
            "agentActivityCreate" => CreateActivity(input),
            "agentSessionUpdate" => UpdateSession((string?)GraphQlSchema.Argument(field, "id", variables), input),
            _ => CreateOnIssue(input),
        };
    }

    private (JsonNode? Value, string? Error) CreateActivity(JsonObject input)
    {
        if (input.Select(p => p.Key).FirstOrDefault(k => !ActivityInputs.Contains(k)) is { } unknown)
        {
            return (null, $"Field \"{unknown}\" is not defined by type \"AgentActivityCreateInput\".");
        }

        if (FindAgentSession((string?)input["agentSessionId"]) is not { } session)
        {
            return (null, "Entity not found: AgentSession");
        }

        if (ContentProblem(input) is { } problem)
        {
            return (null, problem);
        }

        // The caller may choose the id (a UUID v4); an id that is taken is refused, as a primary key is.
        var id = (string?)input["id"] ?? Guid.NewGuid().ToString();
        if (!Guid.TryParseExact(id, "D", out var uuid) || uuid.Version != 4)
        {
            return (null, "id must be a UUID v4.");
        }

        if (FindActivity(id) is not null)
        {
            return (null, "An entity with this id already exists.");
        }

        var type = (string)input["content"]!["type"]!;
        var activity = new JsonObject
        {
            ["id"] = id, ["createdAt"] = "2026-01-05T09:00:00.000Z", ["updatedAt"] = "2026-01-05T09:00:00.000Z",
            ["content"] = input["content"]!.DeepClone(), ["ephemeral"] = (bool?)input["ephemeral"] ?? false,
            ["signal"] = input["signal"]?.DeepClone(), ["signalMetadata"] = input["signalMetadata"]?.DeepClone(),
        };
        _activities.Add(((string)session["id"]!, activity));
        session["status"] = type switch { "elicitation" => "awaitingInput", "response" => "complete", "error" => "error", _ => "active" };
        return (new JsonObject { ["success"] = true, ["agentActivity"] = activity.DeepClone(), ["lastSyncId"] = 2000 + _activities.Count }, null);
    }

    /// <summary>The activity with that id, or null.</summary>
    private JsonObject? FindActivity(string? id) => _activities.Select(a => a.Activity).FirstOrDefault(a => (string?)a["id"] == id);

    private static string? ContentProblem(JsonObject input)
    {
        if (input["content"] is not JsonObject content || (string?)content["type"] is not { } type)
        {
            return "content must be an object with a type.";
        }

        var problem = type switch
        {
            "prompt" => "An agent cannot create prompt activities.",
            "action" when (string?)content["action"] is null || (string?)content["parameter"] is null => "An action activity needs action and parameter.",
            "action" => null,
            "thought" or "elicitation" or "response" or "error" when (string?)content["body"] is null => $"A {type} activity needs a body.",
            "thought" or "elicitation" or "response" or "error" => null,
            _ => $"Unknown activity type \"{type}\".",
        };
        if (problem is not null)
        {
            return problem;
        }

        if ((bool?)input["ephemeral"] == true && type is not ("thought" or "action"))
        {
            return "Only thought and action activities can be ephemeral.";
        }

        return (string?)input["signal"] switch
        {
            null => null,
            "select" when type != "elicitation" => "The select signal goes with an elicitation.",
            "select" when input["signalMetadata"]?["options"] is not JsonArray { Count: > 0 } options || options.Any(o => (string?)o?["value"] is null) => "The select signal needs signalMetadata.options, each with a value.",
            "select" or "auth" => null,
            var other => $"An agent cannot send the \"{other}\" signal.",
        };
    }

    private (JsonNode? Value, string? Error) UpdateSession(string? id, JsonObject input)
    {
        if (input.Select(p => p.Key).FirstOrDefault(k => !UpdateInputs.Contains(k)) is { } unknown)
        {
            return (null, $"Field \"{unknown}\" is not defined by type \"AgentSessionUpdateInput\".");
        }

        if (FindAgentSession(id) is not { } session)
        {
            return (null, "Entity not found: AgentSession");
        }

        if (input["externalUrls"] is JsonNode urls)
        {
            if (UrlsProblem(urls) is { } problem)
            {
                return (null, problem);
            }

            session["externalUrls"] = urls.DeepClone();
        }

        if (input["plan"] is JsonNode plan)
        {
            if (plan is not JsonArray steps || steps.Any(s => (string?)s?["content"] is null || !PlanStatuses.Contains((string?)s?["status"] ?? string.Empty)))
            {
                return (null, "plan must be a list of {content, status: pending | inProgress | completed | canceled}.");
            }

            session["plan"] = plan.DeepClone();
        }

        return (new JsonObject { ["success"] = true, ["agentSession"] = session.DeepClone(), ["lastSyncId"] = 3000 }, null);
    }

    private (JsonNode? Value, string? Error) CreateOnIssue(JsonObject input)
    {
        if (Find((string?)input["issueId"]) is not { } issue)
        {
            return (null, "Entity not found: Issue");
        }

        if (input["externalUrls"] is JsonNode urls && UrlsProblem(urls) is { } problem)
        {
            return (null, problem);
        }

        var id = NewAgentSession(issue);
        var session = FindAgentSession(id)!;
        session["externalUrls"] = input["externalUrls"]?.DeepClone() ?? new JsonArray();
        return (new JsonObject { ["success"] = true, ["agentSession"] = session.DeepClone(), ["lastSyncId"] = 3000 }, null);
    }

    private static string? UrlsProblem(JsonNode urls) =>
        urls is JsonArray list && list.All(u => (string?)u?["label"] is { Length: > 0 } && Uri.TryCreate((string?)u?["url"], UriKind.Absolute, out _))
            ? null
            : "externalUrls must be a list of {label, url}, each url absolute.";

    private string NewAgentSession(JsonObject issue)
    {
        var id = Guid.NewGuid().ToString();
        _agentSessions.Add(new JsonObject
        {
            ["id"] = id, ["createdAt"] = "2026-01-05T09:00:00.000Z", ["updatedAt"] = "2026-01-05T09:00:00.000Z", ["status"] = "pending",
            ["url"] = $"{issue["url"]}#agent-session-{id}", ["externalUrls"] = new JsonArray(), ["plan"] = null, ["issue"] = issue.DeepClone(),
        });
        return id;
    }

    private JsonObject? FindAgentSession(string? id) => _agentSessions.FirstOrDefault(s => (string?)s["id"] == id);
}
