using System.Text;
using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.Linear;

/// <summary>
/// Reads the subject of a Linear delivery from its payload, by entity type. Best effort: missing or
/// oddly typed fields give nulls, and a type not named here still gets a subject.
/// </summary>
internal static class LinearPayload
{
    /// <summary>The subject type of a Linear issue, whichever entity brought it.</summary>
    public const string IssueType = "linear_issue";

    public static EventSubject Subject(string type, JsonElement payload)
    {
        var data = payload.Child("data");
        return type switch
        {
            "Issue" => Issue(data, payload.Child("url").AsString()),
            "Comment" => Comment(data, payload.Child("url").AsString()),
            _ => Generic(type, data, payload.Child("url").AsString()),
        };
    }

    /// <summary>An issue: its identifier (<c>ENG-123</c>, or the team key and number when the payload has no identifier) as the id.</summary>
    private static EventSubject Issue(JsonElement issue, string? url) => new()
    {
        Type = IssueType,
        Id = Identifier(issue) ?? issue.Child("id").AsIdText(),
        Number = issue.Child("number").AsInt64(),
        Title = issue.Child("title").AsString(),
        Url = url ?? issue.Child("url").AsString(),
        Labels = issue.Child("labels").NamesOf("name"),
        State = issue.At("state", "name").AsString(),
    };

    /// <summary>A comment, seen as the issue it is on: <c>data.issue</c> when the payload has it, else the bare <c>issueId</c>.</summary>
    private static EventSubject Comment(JsonElement comment, string? commentUrl)
    {
        var issue = comment.Child("issue");
        return new EventSubject
        {
            Type = IssueType,
            Id = Identifier(issue) ?? issue.Child("id").AsIdText() ?? comment.Child("issueId").AsIdText(),
            Number = issue.Child("number").AsInt64(),
            Title = issue.Child("title").AsString(),
            Url = issue.Child("url").AsString() ?? WithoutFragment(commentUrl),
            Labels = issue.Child("labels").NamesOf("name"),
            State = issue.At("state", "name").AsString(),
        };
    }

    /// <summary>Any other entity (<c>Project</c>, <c>Cycle</c>, <c>IssueLabel</c>, <c>Reaction</c>, ...): type <c>linear_&lt;snake_case&gt;</c>.</summary>
    private static EventSubject Generic(string type, JsonElement item, string? url) => new()
    {
        Type = "linear_" + SnakeCase(type),
        Id = item.Child("identifier").AsString() ?? item.Child("id").AsIdText(),
        Number = item.Child("number").AsInt64(),
        Title = item.Child("title").AsString() ?? item.Child("name").AsString(),
        Url = url ?? item.Child("url").AsString(),
        Labels = item.Child("labels").NamesOf("name"),
        State = item.At("state", "name").AsString() ?? item.Child("state").AsString() ?? item.At("status", "name").AsString(),
    };

    private static string? Identifier(JsonElement issue)
    {
        if (issue.Child("identifier").AsString() is { } identifier)
        {
            return identifier;
        }

        return issue.At("team", "key").AsString() is { } key && issue.Child("number").AsInt64() is { } number
            ? $"{key}-{number}"
            : null;
    }

    /// <summary>A comment's url is its issue's url with <c>#comment-…</c> after it.</summary>
    private static string? WithoutFragment(string? url)
    {
        var hash = url?.IndexOf('#', StringComparison.Ordinal) ?? -1;
        return hash < 0 ? url : url![..hash];
    }

    private static string SnakeCase(string type)
    {
        var builder = new StringBuilder(type.Length + 4);
        for (var i = 0; i < type.Length; i++)
        {
            var c = type[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && !char.IsUpper(type[i - 1]))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
