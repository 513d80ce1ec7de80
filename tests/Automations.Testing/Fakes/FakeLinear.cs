using System.Globalization;
using System.Text.Json.Nodes;
using Automations.Testing.Fakes.GraphQl;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>
/// Linear's GraphQL endpoint at <c>/graphql</c>, for the operations the engine sends: the
/// <c>issue(id:)</c> query (a UUID or an identifier like <c>ENG-123</c>), the issue's <c>comments</c>
/// (a Relay connection: <c>first</c>, <c>after</c>, <c>nodes</c>, <c>pageInfo</c>) and the
/// <c>commentCreate</c> mutation. Each operation is parsed and checked against Linear's schema first
/// (<see cref="LinearSchema"/>): a field Linear does not have is a 400 with GraphQL's validation error,
/// and the answer holds exactly the fields asked for. The API key is checked as Linear takes it:
/// <c>Authorization: &lt;key&gt;</c>; the app's OAuth token as <c>Bearer</c>. Agent sessions' mutations
/// (<c>FakeLinear.AgentSessions.cs</c>) are the app's only.
/// </summary>
public sealed partial class FakeLinear : FakeServer
{
    private readonly Lock _state = new();
    private readonly List<JsonObject> _issues = [];
    private readonly List<(string IssueId, JsonObject Comment)> _comments = [];
    private readonly string _apiKey;
    private readonly string? _appToken;

    private FakeLinear(string apiKey, string? appToken)
    {
        _apiKey = apiKey;
        _appToken = appToken;
    }

    public Uri ApiUrl => new(Url, "graphql");

    /// <param name="apiKey">The API key it takes as <c>Authorization: &lt;key&gt;</c>.</param>
    /// <param name="appToken">The app's OAuth token (<c>actor=app</c>) it takes as <c>Authorization: Bearer &lt;token&gt;</c>; agent sessions need it.</param>
    public static async Task<FakeLinear> StartAsync(string apiKey, string? appToken = null)
    {
        var server = new FakeLinear(apiKey, appToken);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Linear's rate limit: HTTP 400, a <c>RATELIMITED</c> error, and when the bucket refills (UTC epoch milliseconds).</summary>
    public static FakeFailure RateLimited(DateTimeOffset reset) => new(
        400,
        new Dictionary<string, string> { ["X-RateLimit-Requests-Reset"] = reset.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
        """{"errors":[{"message":"Rate limit exceeded","extensions":{"code":"RATELIMITED"}}]}""");

    /// <summary>An issue; answers its UUID.</summary>
    public string AddIssue(string identifier, string title, string teamKey = "ENG")
    {
        var id = Guid.NewGuid().ToString();
        lock (_state)
        {
            _issues.Add(new JsonObject
            {
                ["id"] = id, ["identifier"] = identifier, ["title"] = title, ["description"] = "The description.",
                ["url"] = $"https://linear.example/acme/issue/{identifier}", ["number"] = _issues.Count + 1, ["priority"] = 2,
                ["branchName"] = $"maria/{identifier.ToLowerInvariant()}", ["createdAt"] = "2026-01-05T09:00:00.000Z", ["updatedAt"] = "2026-01-05T09:00:00.000Z",
                ["state"] = new JsonObject { ["id"] = "state-1", ["name"] = "Todo", ["type"] = "unstarted", ["color"] = "#e2e2e2", ["position"] = 1 },
                ["team"] = new JsonObject { ["id"] = "team-1", ["key"] = teamKey, ["name"] = "Engineering" },
                ["assignee"] = null, ["creator"] = Maria(),
                ["labels"] = new JsonObject { ["nodes"] = new JsonArray(), ["pageInfo"] = PageInfo(false, null) },
            });
        }

        return id;
    }

    /// <summary>The most comments one page of an issue's <c>comments</c> holds, whatever <c>first</c> asks for.</summary>
    public int MaxPageSize { get; set; } = 250;

    /// <summary>A comment someone else made on the issue (by its UUID).</summary>
    public void AddComment(string issueId, string body)
    {
        lock (_state)
        {
            _comments.Add((issueId, Comment(body, $"https://linear.example/comment/{_comments.Count}")));
        }
    }

    /// <summary>The comments made on an issue (by its UUID), in order.</summary>
    public IReadOnlyList<JsonObject> Comments(string issueId)
    {
        lock (_state)
        {
            return _comments.Where(c => c.IssueId == issueId).Select(c => c.Comment).ToList();
        }
    }

    protected override void Map(WebApplication app) => app.MapPost("/graphql", async (HttpContext context, JsonObject body) =>
    {
        var (status, answer) = Answer(context, body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    });

    private (int Status, JsonObject Answer) Answer(HttpContext context, JsonObject body)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var asApp = _appToken is not null && authorization == $"Bearer {_appToken}";
        if (authorization != _apiKey && !asApp)
        {
            return (400, Errors("Authentication required, not authenticated", "AUTHENTICATION_ERROR"));
        }

        GraphQlOperation operation;
        try
        {
            operation = GraphQlParser.Parse((string?)body["query"] ?? string.Empty);
        }
        catch (GraphQlSyntaxException ex)
        {
            return (400, Errors(ex.Message, "GRAPHQL_PARSE_FAILED"));
        }

        if (LinearSchema.Schema.Validate(operation) is { Count: > 0 } problems)
        {
            return (400, Errors(problems, "GRAPHQL_VALIDATION_FAILED"));
        }

        var variables = body["variables"] as JsonObject ?? [];
        var data = new JsonObject();
        lock (_state)
        {
            foreach (var field in operation.Selections)
            {
                JsonNode? value;
                switch (field.Name)
                {
                    case "issue":
                        value = Find((string?)GraphQlSchema.Argument(field, "id", variables));
                        if (value is null)
                        {
                            return (200, Errors("Entity not found: Issue", "INVALID_INPUT"));
                        }

                        break;
                    case "agentActivity":
                        value = FindActivity((string?)GraphQlSchema.Argument(field, "id", variables))?.DeepClone();
                        if (value is null)
                        {
                            return (200, Errors("Entity not found: AgentActivity", "INVALID_INPUT"));
                        }

                        break;
                    case "commentCreate":
                        var input = GraphQlSchema.Argument(field, "input", variables) as JsonObject ?? [];
                        if (Find((string?)input["issueId"]) is not { } issue)
                        {
                            return (200, Errors("Entity not found: Issue - Could not find referenced Issue.", "INVALID_INPUT"));
                        }

                        var comment = Comment((string?)input["body"] ?? string.Empty, $"{issue["url"]}#comment");
                        _comments.Add(((string)issue["id"]!, comment));
                        value = new JsonObject { ["success"] = true, ["comment"] = comment.DeepClone(), ["lastSyncId"] = 1000 + _comments.Count };
                        break;
                    case "agentActivityCreate" or "agentSessionUpdate" or "agentSessionCreateOnIssue":
                        if (!asApp)
                        {
                            return (200, Errors($"{field.Name} is only available to an OAuth application's app user (actor=app).", "FORBIDDEN"));
                        }

                        var (agentValue, agentError) = AgentMutation(field, variables);
                        if (agentError is not null)
                        {
                            return (200, Errors(agentError, "INVALID_INPUT"));
                        }

                        value = agentValue;
                        break;
                    default:
                        return (400, Errors($"This fake does not serve \"{field.Name}\".", "GRAPHQL_VALIDATION_FAILED"));
                }

                data[field.Key] = GraphQlSchema.Project(value, field.Selections, (parent, f) => f.Name == "comments" ? CommentsOf(parent, f, variables) : parent[f.Name]);
            }
        }

        return (200, new JsonObject { ["data"] = data });
    }

    /// <summary>An issue's comments as a Relay connection: <c>first</c> (at most <see cref="MaxPageSize"/>) after the cursor <c>after</c>.</summary>
    private JsonObject CommentsOf(JsonObject issue, GraphQlField field, JsonObject variables)
    {
        var all = _comments.Where(c => c.IssueId == (string)issue["id"]!).Select(c => c.Comment).ToList();
        var first = Math.Min((int?)GraphQlSchema.Argument(field, "first", variables) ?? 50, MaxPageSize);
        var start = int.TryParse((string?)GraphQlSchema.Argument(field, "after", variables), out var cursor) ? cursor : 0;
        var page = all.Skip(start).Take(first).ToList();
        var end = start + page.Count;
        return new JsonObject
        {
            ["nodes"] = new JsonArray([.. page.Select(c => c.DeepClone())]),
            ["edges"] = new JsonArray([.. page.Select((c, i) => (JsonNode)new JsonObject { ["node"] = c.DeepClone(), ["cursor"] = (start + i + 1).ToString(CultureInfo.InvariantCulture) })]),
            ["pageInfo"] = PageInfo(end < all.Count, page.Count == 0 ? null : end.ToString(CultureInfo.InvariantCulture)),
        };
    }

    private static JsonObject Comment(string body, string url) => new()
    {
        ["id"] = Guid.NewGuid().ToString(), ["body"] = body, ["url"] = url, ["createdAt"] = "2026-01-05T09:00:00.000Z", ["updatedAt"] = "2026-01-05T09:00:00.000Z",
        ["user"] = Maria(), ["issue"] = null,
    };

    private static JsonObject Maria() => new() { ["id"] = "user-1", ["name"] = "Maria", ["displayName"] = "maria", ["email"] = "maria@example.com" };

    private static JsonObject PageInfo(bool hasNextPage, string? endCursor) => new()
    {
        ["hasNextPage"] = hasNextPage, ["hasPreviousPage"] = false, ["startCursor"] = null, ["endCursor"] = endCursor,
    };

    private JsonObject? Find(string? idOrIdentifier) =>
        _issues.FirstOrDefault(i => (string?)i["id"] == idOrIdentifier || string.Equals((string?)i["identifier"], idOrIdentifier, StringComparison.OrdinalIgnoreCase));

    private static JsonObject Errors(string message, string code) => Errors([message], code);

    private static JsonObject Errors(IEnumerable<string> messages, string code) => new()
    {
        ["errors"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["message"] = m, ["extensions"] = new JsonObject { ["code"] = code } })]),
        ["data"] = null,
    };
}
