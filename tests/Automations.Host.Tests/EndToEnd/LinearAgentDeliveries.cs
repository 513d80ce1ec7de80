using System.Text;
using System.Text.Json.Nodes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Linear's AgentSessionEvent deliveries as Linear sends them (the shape of
/// tests/Automations.Core.Tests/Payloads/linear/AgentSessionEvent.*.json), for an agent session on an issue of
/// <see cref="Testing.Fakes.FakeLinear"/>; and the agent the Linear tests run: a Claude Code stand-in.
/// </summary>
public static class LinearAgentDeliveries
{
    /// <summary>Delivers Linear's <c>created</c> for <paramref name="agentSession"/> on an issue, and returns the engine session it started.</summary>
    public static async Task<string> SendCreatedAsync(EngineProcess engine, string agentSession, string issueId, string request)
    {
        var body = Created(agentSession, issueId, "ENG-412", request);
        using var response = await engine.Http.SendAsync(ProviderDeliveries.Linear("AgentSessionEvent", $"lin-{agentSession}", body));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }

    /// <summary>
    /// A Claude Code stand-in (stream-json out, prompt in): it says what it does, writes WORK.md with a tool call
    /// and ends with its final message. Told SLOW, it works until it is stopped; told ASK, the first time it asks
    /// which browser, with two choices, and resumed it writes the answer it got.
    /// </summary>
    public const string Agent = """
        prompt=$(cat)
        sid=""
        prev=""
        for a in "$@"; do
          if [ "$prev" = "--session-id" ] || [ "$prev" = "--resume" ]; then sid="$a"; fi
          prev="$a"
        done
        printf '{"type":"system","subtype":"init","session_id":"%s","model":"stand-in","tools":["Write"]}\n' "$sid"
        case "$prompt" in
          *SLOW*)
            printf '{"type":"assistant","session_id":"%s","message":{"role":"assistant","content":[{"type":"text","text":"This takes a while."}]}}\n' "$sid"
            sleep 600 & wait
            ;;
        esac
        if [ ! -f "$HOME/asked" ] && printf '%s' "$prompt" | grep -q ASK; then
          touch "$HOME/asked"
          printf '{"type":"assistant","session_id":"%s","message":{"role":"assistant","content":[{"type":"text","text":"One thing first."}]}}\n' "$sid"
          printf '{"questions":[{"question":"Which browser first?","header":"Browser","options":[{"label":"Chrome"},{"label":"Firefox"}],"multiSelect":false}]}' > "$AUTOMATIONS_QUESTION_FILE"
          printf '{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"Waiting for an answer.","session_id":"%s","total_cost_usd":0.01,"usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":0,"cache_creation_input_tokens":0},"permission_denials":[]}\n' "$sid"
          exit 0
        fi
        echo "$prompt" >> WORK.md
        printf '{"type":"assistant","session_id":"%s","message":{"role":"assistant","content":[{"type":"text","text":"Fixing the crash."},{"type":"tool_use","id":"toolu_1","name":"Write","input":{"file_path":"WORK.md"}}]}}\n' "$sid"
        printf '{"type":"user","session_id":"%s","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"written","is_error":false}]}}\n' "$sid"
        printf '{"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"Fixed the checkout crash.","session_id":"%s","total_cost_usd":0.02,"usage":{"input_tokens":1200,"output_tokens":300,"cache_read_input_tokens":0,"cache_creation_input_tokens":0},"permission_denials":[]}\n' "$sid"
        """;

    /// <summary>
    /// The automation the Linear agent tests run: Linear's <c>created</c> starts a session of the <c>demo</c> agent on
    /// acme/web; <paramref name="actions"/> (YAML list items) are its actions, when given.
    /// </summary>
    public static string Definition(string? actions = null) => """
        name: linear-agent
        on:
          - linear: { event: AgentSessionEvent.created }
        repository: acme/web
        agent: { use: demo, timeout: 2m }
        instructions: "Work on Linear issue {{ event.subject.id }}: {{ event.subject.title }}."

        """ + (actions is null ? string.Empty : "actions:\n" + actions + "\n");

    /// <summary>The <c>created</c> event of <paramref name="agentSession"/> on the issue, asking <paramref name="request"/>.</summary>
    public static byte[] Created(string agentSession, string issueId, string identifier, string request) => Body(new JsonObject
    {
        ["type"] = "AgentSessionEvent",
        ["action"] = "created",
        ["createdAt"] = "2026-02-03T10:30:00.120Z",
        ["organizationId"] = "org-1",
        ["oauthClientId"] = "client-1",
        ["appUserId"] = "app-user-1",
        ["agentSession"] = Session(agentSession, issueId, identifier, "pending"),
        ["previousComments"] = new JsonArray(new JsonObject { ["id"] = "c-1", ["body"] = "Seen on the checkout page.", ["userId"] = "u-1", ["issueId"] = issueId, ["user"] = new JsonObject { ["id"] = "u-1", ["name"] = "Grace Hopper" } }),
        ["guidance"] = new JsonArray(new JsonObject { ["body"] = "Keep changes small.", ["origin"] = new JsonObject { ["__typename"] = "TeamOriginWebhookPayload", ["team"] = new JsonObject { ["id"] = "team-1", ["key"] = "ENG", ["name"] = "Engineering" } } }),
        ["promptContext"] = $"<issue identifier=\"{identifier}\">\n<title>Checkout crashes</title>\n<description>{request}</description>\n</issue>",
    });

    /// <summary>A <c>prompted</c> event: <paramref name="text"/> written to the session, with <paramref name="signal"/> (<c>stop</c>) or none.</summary>
    public static byte[] Prompted(string agentSession, string issueId, string identifier, string activityId, string text, string? signal = null, string status = "active") => Body(new JsonObject
    {
        ["type"] = "AgentSessionEvent",
        ["action"] = "prompted",
        ["createdAt"] = "2026-02-03T10:41:17.400Z",
        ["organizationId"] = "org-1",
        ["oauthClientId"] = "client-1",
        ["appUserId"] = "app-user-1",
        ["agentSession"] = Session(agentSession, issueId, identifier, status),
        ["agentActivity"] = new JsonObject
        {
            ["id"] = activityId, ["createdAt"] = "2026-02-03T10:41:17.380Z", ["updatedAt"] = "2026-02-03T10:41:17.380Z", ["archivedAt"] = null,
            ["agentSessionId"] = agentSession, ["sourceCommentId"] = "c-2", ["userId"] = "u-1",
            ["content"] = new JsonObject { ["type"] = "prompt", ["body"] = text }, ["signal"] = signal, ["signalMetadata"] = null,
            ["user"] = new JsonObject { ["id"] = "u-1", ["name"] = "Grace Hopper" },
        },
    });

    private static JsonObject Session(string id, string issueId, string identifier, string status) => new()
    {
        ["id"] = id, ["createdAt"] = "2026-02-03T10:30:00.050Z", ["updatedAt"] = "2026-02-03T10:30:00.050Z", ["archivedAt"] = null,
        ["creatorId"] = "u-1", ["appUserId"] = "app-user-1", ["commentId"] = "c-stub", ["sourceCommentId"] = null, ["issueId"] = issueId,
        ["status"] = status, ["startedAt"] = null, ["endedAt"] = null, ["type"] = "commentThread", ["summary"] = null, ["sourceMetadata"] = null,
        ["organizationId"] = "org-1",
        ["creator"] = new JsonObject { ["id"] = "u-1", ["name"] = "Grace Hopper", ["email"] = "grace@acme.example", ["avatarUrl"] = null, ["url"] = "https://linear.app/acme/profiles/grace" },
        ["comment"] = new JsonObject { ["id"] = "c-stub", ["body"] = "This thread is for an agent session with automations.", ["userId"] = "app-user-1", ["issueId"] = issueId },
        ["issue"] = new JsonObject
        {
            ["id"] = issueId, ["title"] = "Checkout crashes", ["teamId"] = "team-1", ["identifier"] = identifier,
            ["team"] = new JsonObject { ["id"] = "team-1", ["key"] = "ENG", ["name"] = "Engineering" },
            ["url"] = $"https://linear.example/acme/issue/{identifier}",
        },
    };

    private static byte[] Body(JsonObject body)
    {
        body["webhookTimestamp"] = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        body["webhookId"] = Guid.NewGuid().ToString();
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }
}
