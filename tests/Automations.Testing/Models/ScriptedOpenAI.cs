using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Models;

/// <summary>
/// OpenAI's Responses API for Codex, reached through a provider of its own (<c>-c model_providers.*</c>):
/// <c>POST /v1/responses</c> answered with the documented server-sent events (<c>response.created</c>,
/// <c>response.output_item.added</c>, <c>response.output_text.delta</c>, <c>response.output_item.done</c>,
/// <c>response.completed</c> with usage). A tool call is a <c>function_call</c> item.
/// </summary>
public sealed partial class ScriptedOpenAI(ModelScript script) : ScriptedModelServer(script, "/v1/responses")
{
    public const int InputTokens = 100;
    public const int OutputTokens = 20;
    public const string ApiKeyVariable = "SCRIPTED_OPENAI_KEY";

    private int _ids;

    /// <summary>
    /// The <c>codex</c> arguments that point it at this server: a provider named <c>scripted</c> speaking
    /// the Responses API, its key read from <see cref="ApiKeyVariable"/>.
    /// </summary>
    public IReadOnlyList<string> CodexArguments =>
    [
        "-c", "model_provider=scripted",
        "-c", "model_providers.scripted.name=\"Scripted\"",
        "-c", $"model_providers.scripted.base_url=\"{BaseUrl}/v1\"",
        "-c", "model_providers.scripted.wire_api=\"responses\"",
        "-c", $"model_providers.scripted.env_key=\"{ApiKeyVariable}\"",
        "-m", "gpt-5",
    ];

    /// <summary>Runs a shell command that writes <paramref name="fileName"/> with the prompt as its content, then says it is done.</summary>
    public static ModelScript WriteFile(string fileName) => request => request.AfterToolResult
        ? [new Say($"Done: {fileName} is written.")]
        : [new Say($"I will write {fileName}."), new Call("exec_command", new { cmd = $"echo {Convert.ToBase64String(Encoding.UTF8.GetBytes(request.Prompt + "\n"))} | base64 -d > {fileName}" })];

    protected override async Task HandleAsync(HttpContext context)
    {
        var body = await ReadAsync(context, "session-id", status => new { error = new { type = "server_error", message = "Scripted failure", code = (string?)null } });
        if (body is not { } request)
        {
            return;
        }

        var steps = Script(Read(request));
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        var responseId = $"resp_{Interlocked.Increment(ref _ids):D4}";
        StartEvents(response);
        await EventAsync(response, "response.created", new { type = "response.created", response = new { id = responseId, status = "in_progress" } }, cancellationToken);
        var index = 0;
        foreach (var step in steps)
        {
            switch (step)
            {
                case Say say:
                    var messageId = $"msg_{Interlocked.Increment(ref _ids):D4}";
                    await EventAsync(response, "response.output_item.added", new { type = "response.output_item.added", output_index = index, item = new { type = "message", id = messageId, role = "assistant", status = "in_progress", content = Array.Empty<object>() } }, cancellationToken);
                    await EventAsync(response, "response.output_text.delta", new { type = "response.output_text.delta", output_index = index, item_id = messageId, content_index = 0, delta = say.Text }, cancellationToken);
                    await EventAsync(response, "response.output_item.done", new { type = "response.output_item.done", output_index = index, item = new { type = "message", id = messageId, role = "assistant", status = "completed", content = new[] { new { type = "output_text", text = say.Text, annotations = Array.Empty<object>() } } } }, cancellationToken);
                    break;
                case Call call:
                    var n = Interlocked.Increment(ref _ids);
                    var item = new { type = "function_call", id = $"fc_{n:D4}", call_id = $"call_{n:D4}", name = call.Tool, arguments = JsonSerializer.Serialize(call.Input), status = "completed" };
                    await EventAsync(response, "response.output_item.added", new { type = "response.output_item.added", output_index = index, item }, cancellationToken);
                    await EventAsync(response, "response.output_item.done", new { type = "response.output_item.done", output_index = index, item }, cancellationToken);
                    break;
                case Hang:
                    await HangAsync(cancellationToken);
                    return;
            }

            index++;
        }

        await EventAsync(
            response,
            "response.completed",
            new
            {
                type = "response.completed",
                response = new
                {
                    id = responseId,
                    status = "completed",
                    usage = new { input_tokens = InputTokens, input_tokens_details = new { cached_tokens = 0 }, output_tokens = OutputTokens, output_tokens_details = new { reasoning_tokens = 0 }, total_tokens = InputTokens + OutputTokens },
                },
            },
            cancellationToken);
    }

    private static ModelRequest Read(JsonElement request)
    {
        var input = request.GetProperty("input").EnumerateArray().ToList();
        string? directory = null;
        var prompt = string.Empty;
        var results = new List<string>();
        foreach (var item in input)
        {
            var type = item.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type is "function_call_output" or "custom_tool_call_output")
            {
                results.Add(item.GetProperty("output").ToString());
                continue;
            }

            if (type != "message" || item.GetProperty("role").GetString() != "user")
            {
                continue;
            }

            foreach (var part in item.GetProperty("content").EnumerateArray())
            {
                var text = part.TryGetProperty("text", out var value) ? value.GetString() ?? string.Empty : string.Empty;
                if (Cwd().Match(text) is { Success: true } cwd)
                {
                    directory = cwd.Groups[1].Value;
                }
                else if (!text.StartsWith('<'))
                {
                    prompt = text;
                    results.Clear();
                }
            }
        }

        return new ModelRequest(directory, prompt.Trim(), results.Count > 0, results, input.Count);
    }

    [GeneratedRegex("<cwd>([^<]+)</cwd>")]
    private static partial Regex Cwd();
}
