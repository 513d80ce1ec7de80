using System.Text.Json.Nodes;

namespace Automations.Testing.Fakes;

/// <summary>A check run the engine made on <see cref="FakeGitHub"/>, as GitHub keeps it: the last status and output, and every annotation sent.</summary>
public sealed class FakeWrittenCheckRun
{
    public required long Id { get; init; }

    public required string Repository { get; init; }

    public required string Name { get; init; }

    public required string HeadSha { get; init; }

    public string? ExternalId { get; init; }

    public string? DetailsUrl { get; set; }

    public string Status { get; set; } = "queued";

    public string? Conclusion { get; set; }

    public string? Title { get; set; }

    public string? Summary { get; set; }

    public string? Text { get; set; }

    /// <summary>What each write left it showing, in order: its status, and <c>completed:conclusion</c> once completed.</summary>
    public List<string> History { get; } = [];

    /// <summary>Every annotation, in the order the requests brought them.</summary>
    public List<JsonObject> Annotations { get; } = [];
}
