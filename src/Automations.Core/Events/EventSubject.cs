using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automations.Core.Events;

/// <summary>What the event is about: an issue, a pull request, a check run, a Sentry issue, ...</summary>
public sealed record EventSubject
{
    public required string Type { get; init; }

    public string? Id { get; init; }

    public long? Number { get; init; }

    public string? Title { get; init; }

    public string? Url { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    public string? State { get; init; }

    public string? Severity { get; init; }
}
