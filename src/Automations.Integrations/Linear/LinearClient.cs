using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Linear;

/// <summary>
/// Linear's GraphQL API: an issue by its id or identifier, its comments, and <c>commentCreate</c>; an agent
/// session's activities and links (<c>LinearClient.AgentSessions.cs</c>). A GraphQL answer
/// with <c>errors</c> is an error value with their messages, whatever its HTTP status.
/// </summary>
public sealed partial class LinearClient(HttpClient http, IOptions<LinearClientOptions> options)
{
    public const string Provider = "Linear";

    public const string HttpClientName = "linear";

    private const string IssueQuery = """
        query Issue($id: String!) {
          issue(id: $id) { id identifier title description url state { name type } team { id key name } }
        }
        """;

    private const string CommentsQuery = """
        query IssueComments($id: String!, $first: Int!, $after: String) {
          issue(id: $id) { comments(first: $first, after: $after) { nodes { id body url } pageInfo { hasNextPage endCursor } } }
        }
        """;

    /// <summary>Comments asked for per page; Linear serves up to 250.</summary>
    private const int CommentsPage = 100;

    private const string CommentMutation = """
        mutation CommentCreate($input: CommentCreateInput!) {
          commentCreate(input: $input) { success comment { id body url } }
        }
        """;

    private readonly LinearClientOptions _options = options.Value;

    /// <summary>An issue by its UUID or its identifier (<c>ENG-123</c>); Linear's <c>issue(id:)</c> takes either.</summary>
    public async Task<ProviderResult<LinearIssue>> GetIssueAsync(string idOrIdentifier, CancellationToken cancellationToken)
    {
        var data = await QueryAsync(IssueQuery, new JsonObject { ["id"] = idOrIdentifier }, cancellationToken);
        if (!data.Succeeded)
        {
            return data.As<LinearIssue>();
        }

        return data.Value["issue"] is JsonObject issue
            ? Read<LinearIssue>(issue)
            : new ProviderError(Provider, ProviderErrorKind.Rejected, $"issue {idOrIdentifier} was not found");
    }

    /// <summary>Comments on the issue (its UUID or identifier) with markdown <paramref name="body"/>.</summary>
    public async Task<ProviderResult<LinearComment>> CreateCommentAsync(string issueId, string body, CancellationToken cancellationToken)
    {
        var input = new JsonObject { ["input"] = new JsonObject { ["issueId"] = issueId, ["body"] = body } };
        var data = await QueryAsync(CommentMutation, input, cancellationToken);
        if (!data.Succeeded)
        {
            return data.As<LinearComment>();
        }

        var created = data.Value["commentCreate"];
        return created?["success"] is JsonValue success && success.TryGetValue<bool>(out var succeeded) && succeeded && created["comment"] is JsonObject comment
            ? Read<LinearComment>(comment)
            : new ProviderError(Provider, ProviderErrorKind.Rejected, "commentCreate did not succeed");
    }

    /// <summary>Every comment on the issue (its UUID or identifier), page after page, in Linear's order.</summary>
    public async Task<ProviderResult<IReadOnlyList<LinearComment>>> ListCommentsAsync(string issueId, CancellationToken cancellationToken)
    {
        var comments = new List<LinearComment>();
        string? after = null;
        while (true)
        {
            var data = await QueryAsync(CommentsQuery, new JsonObject { ["id"] = issueId, ["first"] = CommentsPage, ["after"] = after }, cancellationToken);
            if (!data.Succeeded)
            {
                return data.As<IReadOnlyList<LinearComment>>();
            }

            if (data.Value["issue"]?["comments"] is not JsonObject page || page["nodes"] is not JsonArray nodes)
            {
                return new ProviderError(Provider, ProviderErrorKind.Rejected, $"issue {issueId} was not found");
            }

            foreach (var node in nodes.OfType<JsonObject>())
            {
                var comment = Read<LinearComment>(node);
                if (!comment.Succeeded)
                {
                    return comment.As<IReadOnlyList<LinearComment>>();
                }

                comments.Add(comment.Value);
            }

            after = page["pageInfo"]?["hasNextPage"]?.GetValue<bool>() == true ? (string?)page["pageInfo"]!["endCursor"] : null;
            if (after is null)
            {
                return comments;
            }
        }
    }

    private async Task<ProviderResult<JsonObject>> QueryAsync(string query, JsonObject variables, CancellationToken cancellationToken)
    {
        if (_options.Authorization() is not { } authorization)
        {
            return new ProviderError(Provider, ProviderErrorKind.NotConfigured, "no credentials: set Automations:Linear:AccessToken (the app's OAuth token) or Automations:Linear:ApiKey");
        }

        // The request goes to the configured endpoint itself, not a path under it.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.ApiUrl, UriKind.Absolute))
        {
            Content = JsonContent.Create(new JsonObject { ["query"] = query, ["variables"] = variables }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var sent = await ProviderCalls.SendAsync(http, request, Provider, cancellationToken);
        if (!sent.Succeeded)
        {
            return sent.As<JsonObject>();
        }

        using var response = sent.Value;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            answer = null;
        }

        var errors = Errors(answer);
        if (!response.IsSuccessStatusCode || errors is not null)
        {
            return response.IsSuccessStatusCode
                ? new ProviderError(Provider, ProviderErrorKind.Rejected, errors!) { Status = response.StatusCode }
                : ProviderCalls.Failure(Provider, request, response, errors ?? text, _options.Retry);
        }

        return answer?["data"] is JsonObject data
            ? data
            : new ProviderError(Provider, ProviderErrorKind.InvalidResponse, "the answer has no data") { Status = response.StatusCode };
    }

    /// <summary>The messages of a GraphQL answer's <c>errors</c>, joined; null when it has none.</summary>
    private static string? Errors(JsonObject? answer)
    {
        if (answer?["errors"] is not JsonArray errors || errors.Count == 0)
        {
            return null;
        }

        var messages = errors.Select(e => e?["message"]?.GetValueKind() == JsonValueKind.String ? e["message"]!.GetValue<string>() : null)
            .Where(m => !string.IsNullOrEmpty(m))
            .ToList();
        return messages.Count == 0 ? "the answer has errors without messages" : string.Join("; ", messages);
    }

    /// <summary>One object of Linear's answer as <typeparamref name="T"/>; one that does not fit, or lacks a field the model always has, is an error value.</summary>
    private static ProviderResult<T> Read<T>(JsonObject node)
        where T : class
    {
        try
        {
            var value = node.Deserialize<T>(IntegrationJson.CamelCase);
            return value is null ? new ProviderError(Provider, ProviderErrorKind.InvalidResponse, $"answered null for {typeof(T).Name}")
                : MissingFields.Find(value, IntegrationJson.CamelCase.PropertyNamingPolicy) is { } missing
                    ? new ProviderError(Provider, ProviderErrorKind.InvalidResponse, $"answered without {missing}, which {typeof(T).Name} always has")
                    : value;
        }
        catch (JsonException ex)
        {
            return new ProviderError(Provider, ProviderErrorKind.InvalidResponse, $"answered with JSON that does not fit {typeof(T).Name}: {ex.Message}");
        }
    }
}
