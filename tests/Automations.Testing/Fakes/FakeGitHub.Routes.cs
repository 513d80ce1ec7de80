using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

public sealed partial class FakeGitHub
{
    protected override void Map(WebApplication app)
    {
        app.MapPost("/app/installations/{id:long}/access_tokens", async (HttpContext context, long id) =>
        {
            if (await AppAuthorizedAsync(context))
            {
                var token = "ghs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
                var expires = _time.GetUtcNow() + InstallationTokenLifetime;
                lock (_state)
                {
                    _issued.Add((id, token, expires));
                }

                await Json(context, 201, new JsonObject { ["token"] = token, ["expires_at"] = expires.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) });
            }
        });
        app.MapGet("/repos/{owner}/{name}/installation", async (HttpContext context, string owner, string name) =>
        {
            if (await AppAuthorizedAsync(context))
            {
                long? id;
                lock (_state)
                {
                    id = _installations.TryGetValue($"{owner}/{name}", out var found) ? found : null;
                }

                await (id is null ? NotFound(context) : Json(context, 200, new JsonObject { ["id"] = id }));
            }
        });

        var repo = app.MapGroup("/repos/{owner}/{name}").AddEndpointFilter(async (invocation, next) =>
            await AuthorizedAsync(invocation.HttpContext) ? await next(invocation) : Results.Empty);

        repo.MapPost("/pulls", (HttpContext context, string owner, string name, JsonObject body) =>
        {
            var (status, answer) = CreatePullRequest($"{owner}/{name}", owner, body);
            return Json(context, status, answer);
        });
        repo.MapGet("/pulls", (HttpContext context, string owner, string name) =>
        {
            var head = context.Request.Query["head"].ToString();
            var state = context.Request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
            List<JsonNode> found;
            lock (_state)
            {
                found = _pullRequests.Where(p => p.Repository == $"{owner}/{name}" && (head.Length == 0 || $"{p.HeadOwner}:{p.Head}" == head) && (state == "all" || p.State == state))
                    .Select(p => (JsonNode)PullRequestJson(p, full: false)).ToList();
            }

            return Page(context, found);
        });
        repo.MapGet("/pulls/{number:int}", (HttpContext context, string owner, string name, int number) =>
            WithPullRequest(context, owner, name, number, p => Json(context, 200, PullRequestJson(p, full: true))));
        repo.MapMethods("/pulls/{number:int}", ["PATCH"], (HttpContext context, string owner, string name, int number, JsonObject body) =>
            WithPullRequest(context, owner, name, number, p =>
            {
                lock (_state)
                {
                    p.Title = (string?)body["title"] ?? p.Title;
                    p.Body = body.ContainsKey("body") ? (string?)body["body"] : p.Body;
                    p.State = (string?)body["state"] ?? p.State;
                }

                return Json(context, 200, PullRequestJson(p, full: true));
            }));
        repo.MapPost("/pulls/{number:int}/requested_reviewers", (HttpContext context, string owner, string name, int number, JsonObject body) =>
            WithPullRequest(context, owner, name, number, p =>
            {
                lock (_state)
                {
                    p.RequestedReviewers.AddRange(Strings(body["reviewers"]));
                    p.RequestedTeams.AddRange(Strings(body["team_reviewers"]));
                }

                return Json(context, 201, PullRequestJson(p, full: false));
            }));
        repo.MapGet("/pulls/{number:int}/reviews", (HttpContext context, string owner, string name, int number) => Page(context, Items(_reviews, owner, name, number)));
        repo.MapGet("/pulls/{number:int}/comments", (HttpContext context, string owner, string name, int number) => Page(context, Items(_reviewComments, owner, name, number)));
        repo.MapPost("/issues/{number:int}/comments", (HttpContext context, string owner, string name, int number, JsonObject body) =>
        {
            if (!IssueExists($"{owner}/{name}", number))
            {
                return NotFound(context);
            }

            var comment = Comment($"{owner}/{name}", number, (string)body["body"]!, "automations[bot]");
            Add(_comments, ($"{owner}/{name}", number), comment);
            return Json(context, 201, comment.DeepClone());
        });
        repo.MapGet("/issues/{number:int}/comments", (HttpContext context, string owner, string name, int number) =>
            IssueExists($"{owner}/{name}", number) ? Page(context, Items(_comments, owner, name, number)) : NotFound(context));
        repo.MapPost("/issues/{number:int}/labels", (HttpContext context, string owner, string name, int number, JsonObject body) =>
            WithPullRequest(context, owner, name, number, p =>
            {
                lock (_state)
                {
                    p.Labels.AddRange(Strings(body["labels"]).Where(l => !p.Labels.Contains(l)));
                    return Json(context, 200, new JsonArray(p.Labels.Select(l => (JsonNode)new JsonObject { ["id"] = Math.Abs(l.GetHashCode(StringComparison.Ordinal)), ["name"] = l, ["color"] = "ededed" }).ToArray()));
                }
            }));
        MapMerges(repo);
        MapInstallations(app);
        MapChecks(app, repo);
        MapCheckRunWrites(repo);
    }

    private async Task<bool> AppAuthorizedAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        string? problem;
        lock (_state)
        {
            problem = _appKey is null ? "no app is registered"
                : !header.StartsWith("Bearer ", StringComparison.Ordinal) ? "no bearer JWT"
                : FakeGitHubAuth.CheckJwt(header[7..], _appKey, _appId, _time.GetUtcNow());
        }

        if (problem is null)
        {
            return true;
        }

        await Json(context, 401, new JsonObject { ["message"] = $"A JSON web token could not be decoded ({problem})" });
        return false;
    }

    private Task WithPullRequest(HttpContext context, string owner, string name, int number, Func<FakePullRequest, Task> then)
    {
        FakePullRequest? found;
        lock (_state)
        {
            found = _pullRequests.FirstOrDefault(p => p.Repository == $"{owner}/{name}" && p.Number == number);
        }

        return found is null ? NotFound(context) : then(found);
    }

    private List<JsonNode> Items(Dictionary<(string, int), List<JsonObject>> store, string owner, string name, int number)
    {
        lock (_state)
        {
            return store.TryGetValue(($"{owner}/{name}", number), out var list) ? list.Select(i => (JsonNode)i.DeepClone()).ToList() : [];
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node is JsonArray array ? array.Select(n => (string)n!) : [];

    private JsonObject PullRequestJson(FakePullRequest p, bool full)
    {
        var json = new JsonObject
        {
            ["id"] = p.Number + 50_000, ["number"] = p.Number, ["state"] = p.State, ["title"] = p.Title, ["body"] = p.Body,
            ["html_url"] = $"https://github.example/{p.Repository}/pull/{p.Number}", ["draft"] = p.Draft,
            ["head"] = new JsonObject { ["ref"] = p.Head, ["sha"] = BranchSha(p.Repository, p.Head) ?? p.HeadSha, ["label"] = $"{p.HeadOwner}:{p.Head}" },
            ["base"] = new JsonObject { ["ref"] = p.Base, ["sha"] = BranchSha(p.Repository, p.Base) ?? MainSha, ["label"] = $"{p.Repository.Split('/')[0]}:{p.Base}" },
            ["user"] = User("automations[bot]"), ["created_at"] = p.CreatedAt, ["merged_at"] = p.Merged ? Now() : null,
            ["closed_at"] = p.State == "closed" ? Now() : null, ["merge_commit_sha"] = p.MergeCommitSha,
            ["labels"] = new JsonArray(p.Labels.Select(l => (JsonNode)new JsonObject { ["name"] = l }).ToArray()),
            ["requested_reviewers"] = new JsonArray(p.RequestedReviewers.Select(r => (JsonNode)User(r)).ToArray()),
            ["requested_teams"] = new JsonArray(p.RequestedTeams.Select(t => (JsonNode)new JsonObject { ["slug"] = t }).ToArray()),
        };
        if (full)
        {
            json["merged"] = p.Merged;
            var state = MergeableState(p);
            json["mergeable"] = state is "clean" or "unstable" or "has_hooks";
            json["mergeable_state"] = state;
        }

        return json;
    }
}
