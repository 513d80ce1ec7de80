using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Automations.Testing.Models;

/// <summary>
/// Anthropic's Messages API for Claude Code (<c>ANTHROPIC_BASE_URL</c>): <c>POST /v1/messages</c> with
/// <c>stream: true</c> answered with the documented server-sent events (<c>message_start</c>,
/// <c>content_block_start</c>, <c>content_block_delta</c> with <c>text_delta</c> or
/// <c>input_json_delta</c>, <c>content_block_stop</c>, <c>message_delta</c>, <c>message_stop</c>).
/// Requests without tools (Claude's own side requests, such as a title) get a short text.
/// </summary>
public sealed partial class ScriptedAnthropic(ModelScript script) : ScriptedModelServer(script, "/v1/messages")
{
    public const int InputTokens = 100;
    public const int OutputTokens = 20;

    private int _ids;

    /// <summary>The requests of the agent's conversation, without its side requests.</summary>
    public IReadOnlyList<RecordedRequest> Turns =>
        [.. Requests.Where(r => r.Body.TryGetProperty("tools", out var tools) && tools.GetArrayLength() > 0)];

    /// <summary>Writes <paramref name="fileName"/> in the working directory with the prompt as its content, then says it is done.</summary>
    public static ModelScript WriteFile(string fileName) => request => request.AfterToolResult
        ? [new Say($"Done: {fileName} is written.")]
        : [new Say($"I will write {fileName}."), new Call("Write", new { file_path = Path.Combine(request.WorkingDirectory ?? ".", fileName), content = request.Prompt + "\n" })];

    protected override async Task HandleAsync(HttpContext context)
    {
        var body = await ReadAsync(context, "X-Claude-Code-Session-Id", status => new { type = "error", error = new { type = status == 529 ? "overloaded_error" : "api_error", message = "Scripted failure" } });
        if (body is not { } request)
        {
            return;
        }

        var model = request.TryGetProperty("model", out var m) ? m.GetString() : "scripted";
        var steps = request.TryGetProperty("tools", out var tools) && tools.GetArrayLength() > 0
            ? Script(Read(request))
            : [new Say("Scripted session")];
        var id = $"msg_{Interlocked.Increment(ref _ids):D4}";
        var cancellationToken = context.RequestAborted;
        if (!(request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True))
        {
            await context.Response.WriteAsJsonAsync(
                new { id, type = "message", role = "assistant", model, content = steps.OfType<Say>().Select(s => new { type = "text", text = s.Text }), stop_reason = "end_turn", stop_sequence = (string?)null, usage = new { input_tokens = InputTokens, output_tokens = OutputTokens } },
                cancellationToken);
            return;
        }

        var response = context.Response;
        StartEvents(response);
        await EventAsync(response, "message_start", new { type = "message_start", message = new { id, type = "message", role = "assistant", model, content = Array.Empty<object>(), stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = InputTokens, output_tokens = 1 } } }, cancellationToken);
        var index = 0;
        foreach (var step in steps)
        {
            switch (step)
            {
                case Say say:
                    await EventAsync(response, "content_block_start", new { type = "content_block_start", index, content_block = new { type = "text", text = string.Empty } }, cancellationToken);
                    foreach (var piece in Pieces(say.Text))
                    {
                        await EventAsync(response, "content_block_delta", new { type = "content_block_delta", index, delta = new { type = "text_delta", text = piece } }, cancellationToken);
                    }

                    await EventAsync(response, "content_block_stop", new { type = "content_block_stop", index }, cancellationToken);
                    break;
                case Call call:
                    var json = JsonSerializer.Serialize(call.Input);
                    await EventAsync(response, "content_block_start", new { type = "content_block_start", index, content_block = new { type = "tool_use", id = $"toolu_{Interlocked.Increment(ref _ids):D4}", name = call.Tool, input = new { } } }, cancellationToken);
                    foreach (var piece in Pieces(json))
                    {
                        await EventAsync(response, "content_block_delta", new { type = "content_block_delta", index, delta = new { type = "input_json_delta", partial_json = piece } }, cancellationToken);
                    }

                    await EventAsync(response, "content_block_stop", new { type = "content_block_stop", index }, cancellationToken);
                    break;
                case Hang:
                    await HangAsync(cancellationToken);
                    return;
            }

            index++;
        }

        var stopReason = steps.Any(s => s is Call) ? "tool_use" : "end_turn";
        await EventAsync(response, "message_delta", new { type = "message_delta", delta = new { stop_reason = stopReason, stop_sequence = (string?)null }, usage = new { output_tokens = OutputTokens } }, cancellationToken);
        await EventAsync(response, "message_stop", new { type = "message_stop" }, cancellationToken);
    }

    private static ModelRequest Read(JsonElement request)
    {
        var system = request.TryGetProperty("system", out var s)
            ? s.ValueKind == JsonValueKind.Array ? string.Join("\n", s.EnumerateArray().Select(b => b.TryGetProperty("text", out var t) ? t.GetString() : null)) : s.GetString()
            : null;
        var directory = system is null ? null : WorkingDirectory().Match(system) is { Success: true } match ? match.Groups[1].Value.Trim() : null;
        var messages = request.GetProperty("messages").EnumerateArray().ToList();
        var prompt = string.Empty;
        var results = new List<string>();
        foreach (var message in messages.Where(m => m.GetProperty("role").GetString() == "user"))
        {
            var content = message.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                prompt = content.GetString()!;
                results.Clear();
                continue;
            }

            var texts = content.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "text").Select(b => b.GetProperty("text").GetString()!)
                .Where(t => !t.StartsWith("<system-reminder>", StringComparison.Ordinal)).ToList();
            var toolResults = content.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "tool_result").Select(b => b.GetProperty("content").ToString()).ToList();
            if (toolResults.Count > 0)
            {
                results = toolResults;
            }
            else if (texts.Count > 0)
            {
                prompt = texts[^1];
                results.Clear();
            }
        }

        return new ModelRequest(directory, prompt.Trim(), results.Count > 0, results, messages.Count);
    }

    private static IEnumerable<string> Pieces(string text)
    {
        var half = text.Length / 2;
        return half == 0 ? [text] : [text[..half], text[half..]];
    }

    [GeneratedRegex(@"Primary working directory:\s*(\S+)")]
    private static partial Regex WorkingDirectory();
}
