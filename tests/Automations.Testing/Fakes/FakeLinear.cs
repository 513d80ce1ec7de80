using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>
/// Linear's GraphQL endpoint at <c>/graphql</c>, for the operations the engine sends: the
/// <c>issue(id:)</c> query (a UUID or an identifier like <c>ENG-123</c>), the issue's <c>comments</c>
/// (a Relay connection: <c>first</c>, <c>after</c>, <c>nodes</c>, <c>pageInfo</c>) and the
/// <c>commentCreate</c> mutation. The API key is checked as Linear takes it: <c>Authorization: &lt;key&gt;</c>.
/// </summary>
public sealed class FakeLinear : FakeServer
{
    private readonly Lock _state = new();
    private readonly List<JsonObject> _issues = [];
    private readonly List<(string IssueId, JsonObject Comment)> _comments = [];
    private readonly string _apiKey;

    private FakeLinear(string apiKey) => _apiKey = apiKey;

    public Uri ApiUrl => new(Url, "graphql");

    public static async Task<FakeLinear> StartAsync(string apiKey)
    {
        var server = new FakeLinear(apiKey);
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
                ["url"] = $"https://linear.example/acme/issue/{identifier}", ["state"] = new JsonObject { ["name"] = "Todo", ["type"] = "unstarted" },
                ["team"] = new JsonObject { ["id"] = "team-1", ["key"] = teamKey, ["name"] = "Engineering" },
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
            _comments.Add((issueId, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["body"] = body, ["url"] = $"https://linear.example/comment/{_comments.Count}" }));
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
        if (context.Request.Headers.Authorization.ToString() != _apiKey)
        {
            return (400, Errors("Authentication required, not authenticated", "AUTHENTICATION_ERROR"));
        }

        var query = (string?)body["query"] ?? string.Empty;
        var variables = body["variables"] as JsonObject ?? [];
        lock (_state)
        {
            if (query.Contains("commentCreate(", StringComparison.Ordinal))
            {
                var input = variables["input"] as JsonObject ?? [];
                if (Find((string?)input["issueId"]) is not { } issue)
                {
                    return (200, Errors("Entity not found: Issue - Could not find referenced Issue.", "INVALID_INPUT"));
                }

                var comment = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["body"] = (string?)input["body"], ["url"] = $"{issue["url"]}#comment" };
                _comments.Add(((string)issue["id"]!, comment));
                return (200, new JsonObject { ["data"] = new JsonObject { ["commentCreate"] = new JsonObject { ["success"] = true, ["comment"] = comment.DeepClone() } } });
            }

            if (query.Contains("issue(", StringComparison.Ordinal) && query.Contains("comments(", StringComparison.Ordinal))
            {
                if (Find((string?)variables["id"]) is not { } commented)
                {
                    return (200, Errors("Entity not found: Issue", "INVALID_INPUT"));
                }

                var all = _comments.Where(c => c.IssueId == (string)commented["id"]!).Select(c => c.Comment).ToList();
                var first = Math.Min((int?)variables["first"] ?? 50, MaxPageSize);
                var start = int.TryParse((string?)variables["after"], out var cursor) ? cursor : 0;
                var page = all.Skip(start).Take(first).Select(c => (JsonNode)c.DeepClone()).ToArray();
                var end = start + page.Length;
                var connection = new JsonObject
                {
                    ["nodes"] = new JsonArray(page),
                    ["pageInfo"] = new JsonObject { ["hasNextPage"] = end < all.Count, ["endCursor"] = page.Length == 0 ? null : end.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                };
                return (200, new JsonObject { ["data"] = new JsonObject { ["issue"] = new JsonObject { ["comments"] = connection } } });
            }

            if (query.Contains("issue(", StringComparison.Ordinal))
            {
                return Find((string?)variables["id"]) is { } issue
                    ? (200, new JsonObject { ["data"] = new JsonObject { ["issue"] = issue.DeepClone() } })
                    : (200, Errors("Entity not found: Issue", "INVALID_INPUT"));
            }
        }

        return (400, Errors("Unknown operation", "GRAPHQL_VALIDATION_FAILED"));
    }

    private JsonObject? Find(string? idOrIdentifier) =>
        _issues.FirstOrDefault(i => (string?)i["id"] == idOrIdentifier || string.Equals((string?)i["identifier"], idOrIdentifier, StringComparison.OrdinalIgnoreCase));

    private static JsonObject Errors(string message, string code) => new()
    {
        ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } }),
        ["data"] = null,
    };
}
