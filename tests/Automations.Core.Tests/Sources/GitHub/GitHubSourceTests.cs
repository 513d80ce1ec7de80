using System.Text;
using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Sources;
using Automations.Core.Sources.GitHub;

namespace Automations.Core.Tests.Sources.GitHub;

public sealed class GitHubSourceTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly GitHubSource _source = new();

    [Fact]
    public void Name_Always_Github()
    {
        Assert.Equal("github", _source.Name);
    }

    [Fact]
    public void Verify_SignedDelivery_Valid()
    {
        var request = GitHubRequests.Signed("issues", GitHubRequests.Fixture("issues.opened.json"));

        Assert.Equal(SignatureResult.Valid, _source.Verify(request, GitHubRequests.Secret));
    }

    [Fact]
    public void Verify_TamperedBody_SignatureMismatch()
    {
        var signed = GitHubRequests.Signed("issues", GitHubRequests.Fixture("issues.opened.json"));
        var tampered = signed with { Body = GitHubRequests.Fixture("issues.labeled.json") };

        Assert.Equal(SignatureResult.SignatureMismatch, _source.Verify(tampered, GitHubRequests.Secret));
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatch()
    {
        var request = GitHubRequests.Signed("issues", GitHubRequests.Fixture("issues.opened.json"));

        Assert.Equal(SignatureResult.SignatureMismatch, _source.Verify(request, "another-secret"));
    }

    [Fact]
    public void Verify_NoSignatureHeader_MissingSignature()
    {
        var request = GitHubRequests.With([new("X-GitHub-Event", "issues")], GitHubRequests.Fixture("issues.opened.json"));

        Assert.Equal(SignatureResult.MissingSignature, _source.Verify(request, GitHubRequests.Secret));
    }

    [Fact]
    public void Verify_NoSecretConfigured_MissingSecret()
    {
        var request = GitHubRequests.Signed("issues", GitHubRequests.Fixture("issues.opened.json"));

        Assert.Equal(SignatureResult.MissingSecret, _source.Verify(request, secret: null));
    }

    [Fact]
    public void DeliveryId_HeaderPresent_ReturnsIt()
    {
        var request = GitHubRequests.Signed("issues", GitHubRequests.Fixture("issues.opened.json"));

        Assert.Equal(GitHubRequests.DeliveryId, _source.DeliveryId(request));
    }

    [Fact]
    public void DeliveryId_HeaderMissing_Null()
    {
        var request = GitHubRequests.With([new("X-GitHub-Event", "issues")], GitHubRequests.Fixture("issues.opened.json"));

        Assert.Null(_source.DeliveryId(request));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void DeliveryId_HeaderBlank_Null(string value)
    {
        var request = GitHubRequests.With([new("X-GitHub-Delivery", value)], GitHubRequests.Fixture("issues.opened.json"));

        Assert.Null(_source.DeliveryId(request));
    }

    [Fact]
    public void Normalize_Ping_Ignored()
    {
        var result = Normalize(GitHubRequests.Signed("ping", GitHubRequests.Fixture("ping.json")));

        Assert.Equal(new NormalizeResult.Ignored("ping"), result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Normalize_MissingEventHeader_Malformed(string? eventName)
    {
        var result = Normalize(GitHubRequests.Signed(eventName, GitHubRequests.Fixture("issues.opened.json")));

        var malformed = Assert.IsType<NormalizeResult.Malformed>(result);
        Assert.Contains("X-GitHub-Event", malformed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_MalformedJson_MalformedWithPosition()
    {
        var result = Normalize(GitHubRequests.Signed("issues", "{\n  \"action\": \"opened\",\n  \"issue\": {"));

        var malformed = Assert.IsType<NormalizeResult.Malformed>(result);
        Assert.Contains("LineNumber: 2", malformed.Reason, StringComparison.Ordinal);
        Assert.Contains("BytePositionInLine", malformed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_InvalidUtf8InAString_MalformedInsteadOfThrowing()
    {
        // JsonDocument parses this; reading the title threw InvalidOperationException, a 500 for a signed delivery.
        byte[] body = [.. Encoding.UTF8.GetBytes("""{"action":"opened","issue":{"number":7,"title":"Log"""), 0x80, 0xC3, .. Encoding.UTF8.GetBytes("\"}}")];

        var result = Normalize(GitHubRequests.Signed("issues", body));

        Assert.Equal("The body is not valid UTF-8, which JSON text must be.", Assert.IsType<NormalizeResult.Malformed>(result).Reason);
    }

    [Fact]
    public void Normalize_EmptyBody_Malformed()
    {
        var result = Normalize(GitHubRequests.Signed("issues", string.Empty));

        Assert.IsType<NormalizeResult.Malformed>(result);
    }

    [Theory]
    [InlineData("[]", "array")]
    [InlineData("\"opened\"", "string")]
    [InlineData("42", "number")]
    [InlineData("null", "null")]
    public void Normalize_JsonNotAnObject_Malformed(string body, string kind)
    {
        var result = Normalize(GitHubRequests.Signed("issues", body));

        var malformed = Assert.IsType<NormalizeResult.Malformed>(result);
        Assert.Contains($"JSON {kind}, not an object", malformed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("issues", "issue")]
    [InlineData("issue_comment", "issue")]
    [InlineData("pull_request", "pull_request")]
    [InlineData("pull_request_review", "pull_request")]
    [InlineData("check_suite", "check_suite")]
    [InlineData("check_run", "check_run")]
    [InlineData("workflow_run", "workflow_run")]
    [InlineData("workflow_job", "workflow_job")]
    [InlineData("push", "push")]
    [InlineData("discussion", "discussion")]
    public void Normalize_EmptyObject_NullFieldsAndReceivedAt(string eventName, string subjectType)
    {
        var normalized = NormalizeEvent(GitHubRequests.Signed(eventName, "{}"));

        Assert.Equal($"github.{eventName}", normalized.Kind);
        Assert.Equal(ReceivedAt, normalized.OccurredAt);
        Assert.Null(normalized.Repository);
        Assert.Null(normalized.Actor);
        Assert.Equal(subjectType, normalized.Subject.Type);
        Assert.Null(normalized.Subject.Id);
        Assert.Null(normalized.Subject.Number);
        Assert.Null(normalized.Subject.Title);
        Assert.Null(normalized.Subject.Url);
        Assert.Null(normalized.Subject.State);
        Assert.Empty(normalized.Subject.Labels);
    }

    [Theory]
    [InlineData("issues")]
    [InlineData("issue_comment")]
    [InlineData("pull_request")]
    [InlineData("check_run")]
    [InlineData("workflow_run")]
    [InlineData("push")]
    [InlineData("release")]
    public void Normalize_NestedFieldsOfTheWrongKind_NullsNotExceptions(string eventName)
    {
        // The top-level objects have GitHub's types (one that has not is malformed: UnreadableBodiesTests); inside them, anything goes.
        const string Body = """
            {
              "issue": { "number": "x", "title": 3, "labels": [1, null, { "name": 2 }], "updated_at": "yesterday", "pull_request": true },
              "comment": { "updated_at": 5, "body": [] },
              "pull_request": { "number": "x", "merged": "yes", "head": "main", "labels": "bug" },
              "check_run": { "id": true, "completed_at": 1770200011, "conclusion": null },
              "workflow_run": null,
              "head_commit": { "message": ["x"], "timestamp": "" },
              "after": 0,
              "release": { "id": 1.5, "labels": {} },
              "repository": { "full_name": 5 },
              "sender": { "login": 5 }
            }
            """;

        var normalized = NormalizeEvent(GitHubRequests.Signed(eventName, Body));

        Assert.Equal($"github.{eventName}", normalized.Kind);
        Assert.Equal(ReceivedAt, normalized.OccurredAt);
        Assert.Null(normalized.Repository);
        Assert.Null(normalized.Actor);
        Assert.Null(normalized.Subject.Number);
        Assert.Null(normalized.Subject.Title);
        Assert.Null(normalized.Subject.State);
        Assert.Empty(normalized.Subject.Labels);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void Normalize_ActionEmptyOrNull_KindIsTheEventAlone(string action)
    {
        var normalized = NormalizeEvent(GitHubRequests.Signed("issues", $$"""{ "action": {{action}} }"""));

        Assert.Equal("github.issues", normalized.Kind);
    }

    [Fact]
    public void Normalize_IssueCommentOnMergedPullRequest_PullRequestMerged()
    {
        var normalized = NormalizeEvent(GitHubRequests.Signed("issue_comment", """
            {
              "action": "created",
              "issue": {
                "number": 1352, "state": "closed", "html_url": "https://github.com/acme/web/pull/1352",
                "pull_request": { "url": "https://api.github.com/repos/acme/web/pulls/1352", "merged_at": "2026-02-04T08:30:44Z" }
              }
            }
            """));

        Assert.Equal("pull_request", normalized.Subject.Type);
        Assert.Equal("merged", normalized.Subject.State);
    }

    [Fact]
    public void Normalize_ReviewOnMergedPullRequest_MergedFromMergedAt()
    {
        var normalized = NormalizeEvent(GitHubRequests.Signed("pull_request_review", """
            { "action": "dismissed", "pull_request": { "number": 1352, "state": "closed", "merged_at": "2026-02-04T08:30:44Z" } }
            """));

        Assert.Equal("merged", normalized.Subject.State);
    }

    [Fact]
    public void Normalize_WorkflowRunWithoutDisplayTitle_TitleIsTheWorkflowName()
    {
        var normalized = NormalizeEvent(GitHubRequests.Signed("workflow_run", """
            { "action": "requested", "workflow_run": { "id": 13102240087, "name": "CI", "display_title": "", "status": "queued", "conclusion": null } }
            """));

        Assert.Equal("CI", normalized.Subject.Title);
        Assert.Equal("queued", normalized.Subject.State);
    }

    [Theory]
    [InlineData("fix: one\r\n\r\nbody", "fix: one")]
    [InlineData("fix: two\nbody", "fix: two")]
    [InlineData("\nbody", null)]
    public void Normalize_PushCommitMessage_TitleIsTheFirstLine(string message, string? title)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["after"] = "c81e9a7d6b5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d",
            ["head_commit"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["message"] = message },
        });

        var normalized = NormalizeEvent(GitHubRequests.Signed("push", body));

        Assert.Equal(title, normalized.Subject.Title);
    }

    [Fact]
    public void Normalize_Delivery_PayloadOutlivesTheParsedDocument()
    {
        var bytes = GitHubRequests.Fixture("issues.labeled.json");
        var normalized = NormalizeEvent(GitHubRequests.Signed("issues", bytes));
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Equal("autofix", normalized.Payload.GetProperty("label").GetProperty("name").GetString());
        using var original = JsonDocument.Parse(bytes);
        Assert.True(JsonElement.DeepEquals(original.RootElement, normalized.Payload));
    }

    [Fact]
    public void Normalize_Delivery_EventRoundTripsThroughJson()
    {
        var normalized = NormalizeEvent(GitHubRequests.Signed("issues", GitHubRequests.Fixture("issues.labeled.json")));

        var copy = TriggerEvent.FromJson(normalized.ToJson());

        Assert.Equal(normalized.Kind, copy.Kind);
        Assert.Equal(normalized.Subject.Labels, copy.Subject.Labels);
        Assert.True(JsonElement.DeepEquals(normalized.Payload, copy.Payload));
    }

    private NormalizeResult Normalize(WebhookRequest request) =>
        _source.Normalize(request, GitHubRequests.DeliveryId, ReceivedAt);

    private TriggerEvent NormalizeEvent(WebhookRequest request) =>
        Assert.IsType<NormalizeResult.Normalized>(Normalize(request)).Event;
}
