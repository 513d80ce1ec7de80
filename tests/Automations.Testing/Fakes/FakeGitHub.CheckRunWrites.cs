using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Automations.Testing.Fakes;

/// <summary>
/// Check runs an app makes (<c>POST /check-runs</c>), updates (<c>PATCH /check-runs/{id}</c>, whose
/// annotations add to those the run has) and lists by commit (<c>GET /commits/{ref}/check-runs</c>), with
/// what GitHub refuses (422): no name or head_sha, an unknown status or level, <c>completed</c> without a
/// conclusion, an output without title or summary, more than 50 annotations in one request, columns on an
/// annotation of several lines.
/// </summary>
public sealed partial class FakeGitHub
{
    private static readonly JsonObject EngineApp = App(31337, "automations", "Automations", "acme", "https://automations.example");
    private static readonly string[] Statuses = ["queued", "in_progress", "completed"];
    private static readonly string[] Conclusions = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];
    private static readonly string[] Levels = ["notice", "warning", "failure"];

    private readonly List<FakeWrittenCheckRun> _written = [];

    /// <summary>The check runs made on <paramref name="repository"/>, in order.</summary>
    public IReadOnlyList<FakeWrittenCheckRun> CheckRunsMade(string repository)
    {
        lock (_state)
        {
            return [.. _written.Where(r => r.Repository == repository)];
        }
    }

    private void MapCheckRunWrites(RouteGroupBuilder repo)
    {
        repo.MapPost("/check-runs", (HttpContext context, string owner, string name, JsonObject body) =>
        {
            if (Refusal(body, creating: true) is { } refused)
            {
                return Json(context, 422, refused);
            }

            var run = new FakeWrittenCheckRun { Id = NextId(), Repository = $"{owner}/{name}", Name = (string)body["name"]!, HeadSha = (string)body["head_sha"]!, ExternalId = (string?)body["external_id"] };
            lock (_state)
            {
                Apply(run, body);
                _written.Add(run);
                return Json(context, 201, WrittenJson(run));
            }
        });
        repo.MapMethods("/check-runs/{id:long}", ["PATCH"], (HttpContext context, string owner, string name, long id, JsonObject body) =>
        {
            lock (_state)
            {
                if (_written.FirstOrDefault(r => r.Id == id && r.Repository == $"{owner}/{name}") is not { } run)
                {
                    return NotFound(context);
                }

                if (Refusal(body, creating: false) is { } refused)
                {
                    return Json(context, 422, refused);
                }

                Apply(run, body);
                return Json(context, 200, WrittenJson(run));
            }
        });
        repo.MapGet("/commits/{reference}/check-runs", (HttpContext context, string owner, string name, string reference) =>
        {
            var checkName = context.Request.Query["check_name"].ToString();
            lock (_state)
            {
                var runs = _written.Where(r => r.Repository == $"{owner}/{name}" && r.HeadSha == reference && (checkName.Length == 0 || r.Name == checkName))
                    .OrderByDescending(r => r.Id).Select(r => (JsonNode)WrittenJson(r)).ToArray();
                return Json(context, 200, new JsonObject { ["total_count"] = runs.Length, ["check_runs"] = new JsonArray(runs) });
            }
        });
    }

    /// <summary>GitHub's 422 for a body it does not take, or null.</summary>
    private static JsonObject? Refusal(JsonObject body, bool creating)
    {
        var status = (string?)body["status"] ?? (creating ? "queued" : null);
        var conclusion = (string?)body["conclusion"];
        var problem =
            creating && string.IsNullOrEmpty((string?)body["name"]) ? "name wasn't supplied"
            : creating && ((string?)body["head_sha"])?.Length != 40 ? "head_sha wasn't supplied or is not a commit"
            : status is not null && !Statuses.Contains(status) ? $"status {status} is not a member of {string.Join(", ", Statuses)}"
            : conclusion is not null && !Conclusions.Contains(conclusion) ? $"conclusion {conclusion} is not a member of {string.Join(", ", Conclusions)}"
            : status == "completed" && conclusion is null ? "Conclusion can't be blank"
            : body["output"] is JsonObject output ? OutputRefusal(output) : null;
        return problem is null ? null : new JsonObject
        {
            ["message"] = "Invalid request.\n\n" + problem,
            ["documentation_url"] = "https://docs.github.com/rest/checks/runs",
            ["status"] = "422",
        };
    }

    private static string? OutputRefusal(JsonObject output)
    {
        if (string.IsNullOrEmpty((string?)output["title"]) || string.IsNullOrEmpty((string?)output["summary"]))
        {
            return "output requires title and summary";
        }

        var annotations = output["annotations"] as JsonArray ?? [];
        if (annotations.Count > 50)
        {
            return "Only 50 annotations may be sent in one request";
        }

        foreach (var a in annotations.OfType<JsonObject>())
        {
            var start = (int?)a["start_line"];
            var end = (int?)a["end_line"];
            if (string.IsNullOrEmpty((string?)a["path"]) || start is null || end is null || string.IsNullOrEmpty((string?)a["message"]))
            {
                return "an annotation requires path, start_line, end_line and message";
            }

            if (!Levels.Contains((string?)a["annotation_level"]))
            {
                return $"annotation_level {(string?)a["annotation_level"]} is not a member of {string.Join(", ", Levels)}";
            }

            if ((a["start_column"] is not null || a["end_column"] is not null) && start != end)
            {
                return "start_column and end_column may only be given when start_line and end_line are the same";
            }
        }

        return null;
    }

    private static void Apply(FakeWrittenCheckRun run, JsonObject body)
    {
        run.Status = (string?)body["status"] ?? (body["conclusion"] is not null ? "completed" : run.Status);
        // As GitHub: a run set back in progress has no conclusion until it completes again.
        run.Conclusion = (string?)body["conclusion"] ?? (run.Status == "completed" ? run.Conclusion : null);
        run.DetailsUrl = (string?)body["details_url"] ?? run.DetailsUrl;
        run.History.Add(run.Status == "completed" ? $"completed:{run.Conclusion}" : run.Status);
        if (body["output"] is JsonObject output)
        {
            run.Title = (string?)output["title"];
            run.Summary = (string?)output["summary"];
            run.Text = (string?)output["text"] ?? run.Text;
            run.Annotations.AddRange((output["annotations"] as JsonArray ?? []).OfType<JsonObject>().Select(a => (JsonObject)a.DeepClone()));
        }
    }

    private JsonObject WrittenJson(FakeWrittenCheckRun run) => new()
    {
        ["id"] = run.Id, ["name"] = run.Name, ["node_id"] = $"CR_{run.Id}", ["head_sha"] = run.HeadSha, ["external_id"] = run.ExternalId ?? string.Empty,
        ["url"] = $"{Url}repos/{run.Repository}/check-runs/{run.Id}", ["html_url"] = $"https://github.example/{run.Repository}/runs/{run.Id}",
        ["details_url"] = run.DetailsUrl ?? "https://automations.example", ["status"] = run.Status, ["conclusion"] = run.Conclusion,
        ["started_at"] = Now(), ["completed_at"] = run.Status == "completed" ? Now() : null,
        ["output"] = new JsonObject
        {
            ["title"] = run.Title, ["summary"] = run.Summary, ["text"] = run.Text, ["annotations_count"] = run.Annotations.Count,
            ["annotations_url"] = $"{Url}repos/{run.Repository}/check-runs/{run.Id}/annotations",
        },
        ["check_suite"] = new JsonObject { ["id"] = run.Id + 7_000_000 },
        ["app"] = EngineApp.DeepClone(),
        ["pull_requests"] = new JsonArray(),
    };
}
