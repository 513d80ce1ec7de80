using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Tests;

/// <summary>Small events for tests: a GitHub "issue labeled" by default, with the payload given as JSON.</summary>
internal static class TestEvents
{
    public const string LabeledPayload = """
        {
          "action": "labeled",
          "label": { "name": "autofix", "color": "ededed" },
          "issue": {
            "number": 1347,
            "title": "Crash on <save> & \"load\"",
            "draft": false,
            "user": { "login": "octocat", "id": 583231 },
            "labels": [ { "name": "bug" }, { "name": "autofix" } ],
            "assignees": []
          },
          "repository": { "full_name": "acme/web", "topics": ["web", "frontend"] },
          "pull_request": null
        }
        """;

    public static TriggerEvent Create(
        string kind = "github.issues.labeled",
        string payload = LabeledPayload,
        IReadOnlyList<string>? labels = null,
        string? severity = null)
    {
        using var document = JsonDocument.Parse(payload);
        return new TriggerEvent
        {
            Source = kind.Split('.')[0],
            Kind = kind,
            DeliveryId = "d-1",
            OccurredAt = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero),
            Repository = "acme/web",
            Actor = "octocat",
            Subject = new EventSubject
            {
                Type = "issue",
                Id = "1347",
                Number = 1347,
                Title = "Crash on <save> & \"load\"",
                Url = "https://github.com/acme/web/issues/1347",
                Labels = labels ?? ["bug", "autofix"],
                State = "open",
                Severity = severity,
            },
            Payload = document.RootElement.Clone(),
        };
    }
}
