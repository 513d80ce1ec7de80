using System.CommandLine;
using System.Text.Json;

namespace Automations.Host.Cli;

/// <summary>
/// <c>automations sessions [list|show ID|stop ID|resume ID|follow ID]</c>: the sessions API from the terminal.
/// <c>list</c> prints one line per session; the others print the API's JSON; <c>follow</c> streams.
/// </summary>
public static class SessionsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = $"The engine (default {ServeCommand.DefaultUrl}).", Recursive = true };
        var key = new Option<string?>("--key") { Description = $"An API key (default ${ApiClient.KeyVariable}, Automations:Api:Keys, or the one generated in the data directory).", Recursive = true };
        var dataDir = new Option<string?>("--data-dir") { Description = "The engine's data directory, for its generated key (default ./.automations).", Recursive = true };
        var status = new Option<string?>("--status") { Description = "Only sessions with this status." };
        var automation = new Option<string?>("--automation") { Description = "Only sessions of this automation." };
        var list = new Command("list", "Sessions, newest first: id, status, automation, repository, pull request.") { status, automation };
        var command = new Command("sessions", "The sessions API from the terminal.") { url, key, dataDir, list };
        ApiClient? Client(ParseResult result) => ApiClient.Create(result.GetValue(url), result.GetValue(key), result.GetValue(dataDir), Configuration());

        list.SetAction((result, token) => RunAsync(Client(result), api => ListAsync(api, result.GetValue(status), result.GetValue(automation), token)));
        command.SetAction((result, token) => RunAsync(Client(result), api => ListAsync(api, null, null, token)));
        foreach (var (name, description, method, suffix) in new[]
        {
            ("show", "The session as JSON.", HttpMethod.Get, ""),
            ("stop", "Stops the session.", HttpMethod.Post, "/stop"),
            ("resume", "Resumes a stopped or finished session.", HttpMethod.Post, "/resume"),
        })
        {
            var id = new Argument<string>("id") { Description = "The session's id." };
            var verb = new Command(name, description) { id };
            verb.SetAction((result, token) => RunAsync(Client(result), api => PrintAsync(api, method, $"api/sessions/{Uri.EscapeDataString(result.GetValue(id)!)}{suffix}", token)));
            command.Subcommands.Add(verb);
        }

        var followId = new Argument<string>("id") { Description = "The session's id." };
        var follow = new Command("follow", "Streams the session's events, one JSON object per line, until it ends.") { followId };
        follow.SetAction((result, token) => RunAsync(Client(result), api => SessionFollower.FollowAsync(api, result.GetValue(followId)!, Console.Out, token)));
        command.Subcommands.Add(follow);
        return command;
    }

    private static async Task<int> RunAsync(ApiClient? api, Func<ApiClient, Task<int>> run)
    {
        if (api is null)
        {
            return 2;
        }

        using (api)
        {
            return await run(api);
        }
    }

    private static async Task<int> ListAsync(ApiClient api, string? status, string? automation, CancellationToken cancellationToken)
    {
        var filters = new[] { ("status", status), ("automation", automation) }.Where(f => f.Item2 is not null).Select(f => $"{f.Item1}={Uri.EscapeDataString(f.Item2!)}");
        var query = "api/sessions?" + string.Join('&', filters);
        if (await api.SendAsync(HttpMethod.Get, query, cancellationToken) is not { } sessions)
        {
            return 1;
        }

        foreach (var s in sessions.EnumerateArray())
        {
            var pr = s.TryGetProperty("pullRequest", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetProperty("url").GetString() : "-";
            Console.WriteLine($"{s.GetProperty("id").GetString()}  {s.GetProperty("status").GetString(),-17} {s.GetProperty("automation").GetString()}  {Text(s, "repository")}  {pr}");
        }

        return 0;
    }

    private static async Task<int> PrintAsync(ApiClient api, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        if (await api.SendAsync(method, path, cancellationToken) is not { } json)
        {
            return 1;
        }

        Console.WriteLine(json.ValueKind == JsonValueKind.Undefined ? "ok" : JsonSerializer.Serialize(json, Indented));
        return 0;
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "-";

    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
}
