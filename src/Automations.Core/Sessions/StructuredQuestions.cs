using System.Text;
using System.Text.Json;

namespace Automations.Core.Sessions;

/// <summary>
/// Reads structured questions from JSON shaped as Claude Code's <c>AskUserQuestion</c> input,
/// <c>{"questions": [{"question", "header", "options": [{"label", "description"}], "multiSelect"}]}</c>,
/// and renders them as readable text. Anything else is not structured (null), never an error: the caller
/// keeps it as free text.
/// </summary>
public static class StructuredQuestions
{
    /// <summary>More than this many questions, or options in one, is not a question a person answers in a panel.</summary>
    public const int MaxQuestions = 10;

    public const int MaxOptions = 20;

    /// <summary>The questions in <paramref name="text"/> when it is such a JSON object; null otherwise.</summary>
    public static IReadOnlyList<StructuredQuestion>? Parse(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length == 0 || trimmed[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            return Read(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The questions of an <c>AskUserQuestion</c> input (or a <c>question</c> event's data); null when it holds none.</summary>
    public static IReadOnlyList<StructuredQuestion>? Read(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("questions", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var questions = new List<StructuredQuestion>();
        foreach (var item in list.EnumerateArray())
        {
            if (questions.Count == MaxQuestions || Question(item) is not { } question)
            {
                return null;
            }

            questions.Add(question);
        }

        return questions.Count == 0 ? null : questions;
    }

    /// <summary>The questions as a person or an agent reads them in plain text: each with its header and choices.</summary>
    public static string Render(IReadOnlyList<StructuredQuestion> questions)
    {
        var text = new StringBuilder();
        foreach (var q in questions)
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }

            text.Append(q.Header is { Length: > 0 } header ? $"{header}: {q.Question}" : q.Question);
            if (q.Options.Count > 0)
            {
                text.Append(q.MultiSelect ? " (choose any)" : " (choose one)");
            }

            foreach (var option in q.Options)
            {
                text.Append("\n- ").Append(option.Label);
                if (option.Description is { Length: > 0 } description)
                {
                    text.Append(": ").Append(description);
                }
            }
        }

        return text.ToString();
    }

    private static StructuredQuestion? Question(JsonElement item)
    {
        if (Text(item, "question") is not { } question)
        {
            return null;
        }

        var options = new List<QuestionOption>();
        if (item.TryGetProperty("options", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var option in list.EnumerateArray())
            {
                if (options.Count == MaxOptions || Text(option, "label") is not { } label)
                {
                    return null;
                }

                options.Add(new QuestionOption(label, Text(option, "description")));
            }
        }

        var multi = item.TryGetProperty("multiSelect", out var m) && m.ValueKind == JsonValueKind.True;
        return new StructuredQuestion(question, Text(item, "header"), options, multi);
    }

    /// <summary>A non-blank string property, trimmed; null otherwise.</summary>
    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Trim() is { Length: > 0 } s ? s : null;
}
