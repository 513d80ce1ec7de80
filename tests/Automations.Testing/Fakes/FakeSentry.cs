using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>Sentry's API under <c>/api/0</c>: an issue and its latest event, with a bearer token; errors as <c>{"detail": "..."}</c>.</summary>
public sealed class FakeSentry : FakeServer
{
    private readonly Lock _state = new();
    private readonly Dictionary<string, (JsonObject Issue, JsonObject LatestEvent)> _issues = new(StringComparer.Ordinal);
    private readonly string _token;

    private FakeSentry(string token) => _token = token;

    public Uri ApiUrl => new(Url, "api/0");

    public static async Task<FakeSentry> StartAsync(string token)
    {
        var server = new FakeSentry(token);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>An issue (its <c>id</c> is the key) and the event <c>events/latest/</c> answers with.</summary>
    public void AddIssue(JsonObject issue, JsonObject latestEvent)
    {
        ArgumentNullException.ThrowIfNull(issue);
        lock (_state)
        {
            _issues[(string)issue["id"]!] = (issue, latestEvent);
        }
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/api/0/issues/{id}/", (HttpContext context, string id) => Answer(context, id, latest: false));
        app.MapGet("/api/0/issues/{id}/events/latest/", (HttpContext context, string id) => Answer(context, id, latest: true));
    }

    private Task Answer(HttpContext context, string id, bool latest)
    {
        JsonNode answer;
        var status = 200;
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {_token}")
        {
            (status, answer) = (401, new JsonObject { ["detail"] = "Invalid token" });
        }
        else
        {
            lock (_state)
            {
                (status, answer) = _issues.TryGetValue(id, out var found)
                    ? (200, (latest ? found.LatestEvent : found.Issue).DeepClone())
                    : (404, new JsonObject { ["detail"] = "The requested resource does not exist" });
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }
}
