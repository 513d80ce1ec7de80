using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Automations.Testing.Fakes;

/// <summary>
/// Check runs, each with every field GitHub documents and the head commit it ran on. A GitHub Actions run
/// is also a workflow job, whose log is a 302 to a download; another app's run (a third-party CI, a
/// linter) has no job, so its log request answers 404, as on GitHub.
/// </summary>
public sealed partial class FakeGitHub
{
    private static readonly JsonObject ActionsApp = App(15368, "github-actions", "GitHub Actions", "github", "https://github.com/features/actions");
    private static readonly JsonObject ThirdPartyApp = App(29310, "octocoders-linter", "Octocoders Linter", "Octocoders", "https://octocoders.example");

    private readonly Dictionary<long, FakeCheckRun> _checkRuns = [];

    /// <summary>A completed GitHub Actions check run on <paramref name="headSha"/>; its id is also its job's, whose log is <paramref name="log"/>.</summary>
    public long AddCheckRun(string repository, string name, string conclusion, string headSha, string log, params (string Path, int Line, string Level, string Message)[] annotations) =>
        Add(new FakeCheckRun(repository, name, conclusion, headSha, log, annotations));

    /// <summary>A completed check run of another app than GitHub Actions: no job, no log.</summary>
    public long AddThirdPartyCheckRun(string repository, string name, string conclusion, string headSha, params (string Path, int Line, string Level, string Message)[] annotations) =>
        Add(new FakeCheckRun(repository, name, conclusion, headSha, null, annotations));

    /// <summary>
    /// The <c>check_run</c> delivery GitHub sends when the run completes: its check suite names the head
    /// branch (null when the head is in a fork, and then no pull request matches) and the open pull
    /// requests from it.
    /// </summary>
    public JsonObject CheckRunCompleted(long id, string? headBranch)
    {
        FakeCheckRun run;
        lock (_state)
        {
            run = _checkRuns[id];
        }

        var json = CheckRunJson(id, run);
        var pullRequests = MatchingPullRequests(run.Repository, headBranch);
        json["check_suite"] = new JsonObject
        {
            ["id"] = id + 7_000_000, ["node_id"] = $"CS_{id}", ["head_branch"] = headBranch, ["head_sha"] = run.HeadSha, ["status"] = "completed",
            ["conclusion"] = run.Conclusion, ["url"] = $"{Url}repos/{run.Repository}/check-suites/{id + 7_000_000}", ["before"] = MainSha, ["after"] = run.HeadSha,
            ["pull_requests"] = pullRequests.DeepClone(), ["app"] = (run.Log is null ? ThirdPartyApp : ActionsApp).DeepClone(), ["created_at"] = Now(), ["updated_at"] = Now(),
        };
        json["pull_requests"] = pullRequests;
        return Delivery("completed", "check_run", json, run.Repository);
    }

    /// <summary>The <c>check_suite</c> delivery GitHub sends when every run of a suite completed.</summary>
    public JsonObject CheckSuiteCompleted(string repository, string? headBranch, string headSha, string conclusion)
    {
        var id = NextId();
        return Delivery("completed", "check_suite", new JsonObject
        {
            ["id"] = id, ["node_id"] = $"CS_{id}", ["head_branch"] = headBranch, ["head_sha"] = headSha, ["status"] = "completed", ["conclusion"] = conclusion,
            ["url"] = $"{Url}repos/{repository}/check-suites/{id}", ["before"] = MainSha, ["after"] = headSha,
            ["pull_requests"] = MatchingPullRequests(repository, headBranch), ["app"] = ActionsApp.DeepClone(),
            ["created_at"] = Now(), ["updated_at"] = Now(), ["latest_check_runs_count"] = 1, ["check_runs_url"] = $"{Url}repos/{repository}/check-suites/{id}/check-runs",
            ["head_commit"] = new JsonObject { ["id"] = headSha, ["tree_id"] = MainSha, ["message"] = "A change", ["timestamp"] = Now() },
        }, repository);
    }

    private void MapChecks(WebApplication app, RouteGroupBuilder repo)
    {
        repo.MapGet("/check-runs/{id:long}", (HttpContext context, string owner, string name, long id) =>
            CheckRun(owner, name, id) is { } run ? Json(context, 200, CheckRunJson(id, run)) : NotFound(context));
        repo.MapGet("/check-runs/{id:long}/annotations", (HttpContext context, string owner, string name, long id) =>
            CheckRun(owner, name, id) is { } run
                ? Page(context, [.. run.Annotations.Select(a => (JsonNode)new JsonObject
                {
                    ["path"] = a.Path, ["start_line"] = a.Line, ["end_line"] = a.Line, ["start_column"] = null, ["end_column"] = null, ["annotation_level"] = a.Level,
                    ["message"] = a.Message, ["title"] = null, ["raw_details"] = null, ["blob_href"] = $"https://github.example/{run.Repository}/blob/{run.HeadSha}/{a.Path}",
                })])
                : NotFound(context));
        repo.MapGet("/actions/jobs/{id:long}/logs", (HttpContext context, string owner, string name, long id) =>
        {
            // Only GitHub Actions runs are jobs; another app's check run id names no job.
            if (CheckRun(owner, name, id) is not { Log: not null })
            {
                return NotFound(context);
            }

            // As GitHub: a redirect to a short-lived, signed download URL on another host.
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"{context.Request.Scheme}://{context.Request.Host}/_downloads/job-logs/{id}?sig=signed";
            return Task.CompletedTask;
        });
        app.MapGet("/_downloads/job-logs/{id:long}", (HttpContext context, long id) =>
        {
            string? log;
            lock (_state)
            {
                log = _checkRuns.GetValueOrDefault(id)?.Log;
            }

            if (log is null || context.Request.Query["sig"] != "signed")
            {
                context.Response.StatusCode = 403;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(log, context.RequestAborted);
        });
    }

    private long Add(FakeCheckRun run)
    {
        lock (_state)
        {
            var id = NextId();
            _checkRuns[id] = run;
            return id;
        }
    }

    private FakeCheckRun? CheckRun(string owner, string name, long id)
    {
        lock (_state)
        {
            return _checkRuns.TryGetValue(id, out var run) && run.Repository == $"{owner}/{name}" ? run : null;
        }
    }

    private JsonObject CheckRunJson(long id, FakeCheckRun run) => new()
    {
        ["id"] = id, ["name"] = run.Name, ["node_id"] = $"CR_{id}", ["head_sha"] = run.HeadSha, ["external_id"] = string.Empty,
        ["url"] = $"{Url}repos/{run.Repository}/check-runs/{id}", ["html_url"] = $"https://github.example/{run.Repository}/runs/{id}",
        ["details_url"] = run.Log is null ? $"https://octocoders.example/builds/{id}" : $"https://github.example/{run.Repository}/actions/runs/{id + 9_000_000}/job/{id}",
        ["status"] = "completed", ["conclusion"] = run.Conclusion, ["started_at"] = Now(), ["completed_at"] = Now(),
        ["output"] = new JsonObject
        {
            ["title"] = $"{run.Name} {run.Conclusion}", ["summary"] = "summary", ["text"] = null, ["annotations_count"] = run.Annotations.Count,
            ["annotations_url"] = $"{Url}repos/{run.Repository}/check-runs/{id}/annotations",
        },
        ["check_suite"] = new JsonObject { ["id"] = id + 7_000_000 },
        ["app"] = (run.Log is null ? ThirdPartyApp : ActionsApp).DeepClone(),
        ["pull_requests"] = MatchingPullRequests(run.Repository, null),
    };

    /// <summary>The open pull requests from <paramref name="headBranch"/>, as check payloads list them (none for a null branch).</summary>
    private JsonArray MatchingPullRequests(string repository, string? headBranch)
    {
        lock (_state)
        {
            return new JsonArray([.. _pullRequests.Where(p => headBranch is not null && p.Repository == repository && p.Head == headBranch && p.State == "open")
                .Select(p => (JsonNode)new JsonObject
                {
                    ["url"] = $"{Url}repos/{repository}/pulls/{p.Number}", ["id"] = p.Number + 50_000, ["number"] = p.Number,
                    ["head"] = new JsonObject { ["ref"] = p.Head, ["sha"] = BranchSha(repository, p.Head) ?? p.HeadSha, ["repo"] = RepositoryJson(repository) },
                    ["base"] = new JsonObject { ["ref"] = p.Base, ["sha"] = BranchSha(repository, p.Base) ?? MainSha, ["repo"] = RepositoryJson(repository) },
                })]);
        }
    }

    private static JsonObject App(long id, string slug, string name, string owner, string externalUrl) => new()
    {
        ["id"] = id, ["slug"] = slug, ["node_id"] = $"A_{id}", ["name"] = name, ["description"] = string.Empty, ["external_url"] = externalUrl,
        ["html_url"] = $"https://github.example/apps/{slug}", ["owner"] = User(owner), ["created_at"] = "2019-04-19T19:36:24Z", ["updated_at"] = "2019-04-19T19:36:56Z",
        ["permissions"] = new JsonObject { ["checks"] = "write", ["metadata"] = "read" }, ["events"] = new JsonArray(),
    };

    private sealed record FakeCheckRun(string Repository, string Name, string Conclusion, string HeadSha, string? Log, IReadOnlyList<(string Path, int Line, string Level, string Message)> Annotations);
}
