using System.Text.Json.Nodes;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;

namespace Automations.Integrations.Tests.GitHub;

/// <summary>Check runs the engine makes: the request in GitHub's documented shape, annotations added 50 at a time, found again by commit and external id, and GitHub's 422.</summary>
public sealed class GitHubCheckRunWritesTests : GitHubClientFixture
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public async Task CreateThenUpdate_SendsTheDocumentedShape_AddsAnnotations_AndIsFoundByCommitAndExternalId()
    {
        var first = Enumerable.Range(1, 50).Select(i => CheckRunAnnotationDraft.At(".automations/a.yaml", i, 3, "failure", $"problem {i}")).ToList();
        var made = await Client.CreateCheckRunAsync(Repo, new NewCheckRun("automations", Sha, "completed", new CheckRunOutputDraft("60 problems", "summary", "text", first))
        {
            Conclusion = "failure", ExternalId = "acme/web@" + Sha, DetailsUrl = "https://automations.example/automations", CompletedAt = DateTimeOffset.UnixEpoch,
        }, CancellationToken.None);
        var updated = await Client.UpdateCheckRunAsync(Repo, made.Value!.Id, new CheckRunUpdate(new CheckRunOutputDraft("60 problems", "summary", "text",
            [new CheckRunAnnotationDraft(".automations/b.yaml", 2, 4, "warning", "several lines")])), CancellationToken.None);
        var found = await Client.ListCheckRunsAsync(Repo, Sha, "automations", CancellationToken.None);

        Assert.True(made.Succeeded, made.ToString());
        Assert.Equal(51, updated.Value!.Output!.AnnotationsCount);
        Assert.Equal(("acme/web@" + Sha, made.Value.Id), (Assert.Single(found.Value!).ExternalId, found.Value![0].Id));
        var body = JsonNode.Parse(GitHub.RequestsTo("POST", "/repos/acme/web/check-runs")[0].Text)!.AsObject();
        Assert.Equal(["name", "head_sha", "status", "output", "conclusion", "external_id", "details_url", "completed_at"], body.Select(p => p.Key));
        Assert.Equal(["path", "start_line", "end_line", "annotation_level", "message", "start_column", "end_column"], body["output"]!["annotations"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal("1970-01-01T00:00:00+00:00", (string)body["completed_at"]!);
        Assert.Equal(51, GitHub.CheckRunsMade("acme/web")[0].Annotations.Count);
    }

    [Fact]
    public async Task Create_FiftyOneAnnotations_FailsWithGitHubs422()
    {
        var annotations = Enumerable.Range(1, 51).Select(i => CheckRunAnnotationDraft.At("a.yaml", i, 0, "failure", "x")).ToList();

        var made = await Client.CreateCheckRunAsync(Repo, new NewCheckRun("automations", Sha, "completed", new CheckRunOutputDraft("t", "s", null, annotations)) { Conclusion = "failure" }, CancellationToken.None);

        Assert.False(made.Succeeded);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, made.Error.Status);
        Assert.Contains("50 annotations", made.Error.Message, StringComparison.Ordinal);
        Assert.Empty(GitHub.CheckRunsMade("acme/web"));
    }
}
