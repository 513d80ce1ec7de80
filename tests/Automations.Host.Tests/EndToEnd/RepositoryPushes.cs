using System.Net;
using System.Text;
using System.Text.Json;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>Signed GitHub deliveries for the connected repositories' tests: a push in GitHub's shape, and an issue labelled in a repository.</summary>
internal static class RepositoryPushes
{
    /// <summary>A <c>push</c> to <paramref name="branch"/> that modified <paramref name="modified"/>, as GitHub sends it.</summary>
    public static async Task PushAsync(EngineProcess engine, string repository, string before, string after, string modified, string branch = "main")
    {
        var body = PushBody(repository, before, after, modified, branch);
        using var response = await engine.PostGitHubAsync("push", $"push-{after}", body, EngineSetup.Sign(body));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The body of a <c>push</c> to <paramref name="branch"/> that modified <paramref name="modified"/>, in GitHub's shape.</summary>
    public static byte[] PushBody(string repository, string before, string after, string modified, string branch = "main") =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            @ref = $"refs/heads/{branch}",
            before,
            after,
            created = false,
            deleted = false,
            forced = false,
            compare = $"https://github.com/{repository}/compare/{before[..12]}...{after[..12]}",
            commits = new[]
            {
                new { id = after, message = "Change the automation", timestamp = "2026-12-06T12:00:00Z", added = Array.Empty<string>(), modified = new[] { modified }, removed = Array.Empty<string>() },
            },
            head_commit = new { id = after, message = "Change the automation", timestamp = "2026-12-06T12:00:00Z" },
            repository = new { full_name = repository, name = repository.Split('/')[1], owner = new { login = repository.Split('/')[0] }, default_branch = "main" },
            pusher = new { name = "octocat" },
            sender = new { login = "octocat", type = "User" },
        });

    /// <summary>An issue labelled <c>autofix</c> in <paramref name="repository"/>; the answer's JSON.</summary>
    public static async Task<JsonElement> LabeledAsync(EngineProcess engine, string deliveryId, string repository = "acme/web")
    {
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(EngineSetup.Payload("issues-labeled.json"))
            .Replace("\"full_name\": \"acme/web\"", $"\"full_name\": \"{repository}\"", StringComparison.Ordinal));
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The names of the automations in force and the commit each came from.</summary>
    public static async Task<Dictionary<string, string?>> InForceAsync(EngineProcess engine) =>
        (await engine.GetJsonAsync("/api/automations")).GetProperty("automations").EnumerateArray()
            .ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("definition").GetProperty("commit").GetString(), StringComparer.Ordinal);
}
