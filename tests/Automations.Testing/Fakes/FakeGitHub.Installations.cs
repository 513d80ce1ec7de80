using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Fakes;

/// <summary>
/// A GitHub App's installations, as GitHub lists them: <c>GET /app/installations</c> with the App's JWT, and
/// <c>GET /installation/repositories</c> with an installation's token, both paged. The installations are those
/// given to <see cref="RegisterApp"/>: each id, the repositories it holds, and its account (the owner).
/// </summary>
public sealed partial class FakeGitHub
{
    private readonly HashSet<long> _suspended = [];

    /// <summary>Suspends an installation: it is still listed, with its <c>suspended_at</c>, and its tokens reach nothing.</summary>
    public void Suspend(long installation)
    {
        lock (_state)
        {
            _suspended.Add(installation);
        }
    }

    /// <summary>Uninstalls the App from <paramref name="repository"/>, as removing it from the installation's selection does.</summary>
    public void Uninstall(string repository)
    {
        lock (_state)
        {
            _installations.Remove(repository);
        }
    }

    private void MapInstallations(WebApplication app)
    {
        app.MapGet("/app/installations", async (HttpContext context) =>
        {
            if (await AppAuthorizedAsync(context))
            {
                List<JsonNode> installations;
                lock (_state)
                {
                    installations = [.. _installations.GroupBy(i => i.Value).OrderBy(g => g.Key).Select(g => (JsonNode)InstallationJson(g.Key, g.First().Key.Split('/')[0]))];
                }

                await Page(context, installations);
            }
        });
        app.MapGet("/installation/repositories", async (HttpContext context) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            long? installation;
            List<JsonNode> repositories;
            lock (_state)
            {
                var now = _time.GetUtcNow();
                installation = _issued.Where(i => header == $"Bearer {i.Token}" || header == $"token {i.Token}").Where(i => i.ExpiresAt > now).Select(i => (long?)i.Installation).FirstOrDefault();
                repositories = installation is null || _suspended.Contains(installation.Value)
                    ? []
                    : [.. _installations.Where(i => i.Value == installation).Select(i => i.Key).Order(StringComparer.Ordinal).Select(r => (JsonNode)RepositoryJson(r))];
            }

            if (installation is null)
            {
                await Json(context, 401, new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = "https://docs.github.com/rest" });
                return;
            }

            var total = repositories.Count;
            await Json(context, 200, new JsonObject
            {
                ["total_count"] = total, ["repository_selection"] = "selected", ["repositories"] = new JsonArray([.. PageOf(context, repositories)]),
            });
        });
    }

    private JsonObject InstallationJson(long id, string account) => new()
    {
        ["id"] = id, ["account"] = User(account), ["app_id"] = _appId, ["app_slug"] = "automations", ["target_type"] = "Organization",
        ["repository_selection"] = "selected", ["access_tokens_url"] = $"https://api.github.example/app/installations/{id}/access_tokens",
        ["repositories_url"] = "https://api.github.example/installation/repositories", ["html_url"] = $"https://github.example/organizations/{account}/settings/installations/{id}",
        ["permissions"] = new JsonObject { ["checks"] = "write", ["contents"] = "write", ["issues"] = "write", ["metadata"] = "read", ["pull_requests"] = "write" },
        ["events"] = new JsonArray("check_run", "issue_comment", "issues", "pull_request", "push"),
        ["created_at"] = "2026-01-05T10:00:00Z", ["updated_at"] = "2026-01-05T10:00:00Z",
        ["suspended_at"] = _suspended.Contains(id) ? "2026-11-30T10:00:00Z" : null, ["suspended_by"] = null,
    };
}
