using System.Text.Json;
using Automations.Core.Events;
using Automations.Host.Definitions;
using Automations.Host.DefinitionChecks;

namespace Automations.Host.Tests.Definitions;

/// <summary>
/// What a verified GitHub delivery means for the connected repositories' definitions and their checks. A
/// signed body may still hold fields of another type than GitHub sends: it then means nothing, and never throws.
/// </summary>
public sealed class DefinitionPushTests
{
    private const string After = "2222222222222222222222222222222222222222";

    private static TriggerEvent Event(string kind, string payload) => new()
    {
        Source = "github", Kind = kind, DeliveryId = "d-1", OccurredAt = DateTimeOffset.UnixEpoch, Repository = "acme/web",
        Subject = new EventSubject { Type = "repository", Id = "acme/web" }, Payload = JsonDocument.Parse(payload).RootElement.Clone(),
    };

    private static string Push(string commits, string reference = "\"refs/heads/main\"", string after = $"\"{After}\"") =>
        $$"""{"ref": {{reference}}, "before": "1111111111111111111111111111111111111111", "after": {{after}}, "repository": {"full_name": "acme/web"}, "commits": {{commits}}}""";

    [Fact]
    public void APushThatTouchesTheFolder_NamesItsRepositoryBranchAndCommit()
    {
        var push = DefinitionPush.Of(Event("github.push", Push("""[{"added": [], "modified": ["README.md"], "removed": []}, {"added": [], "modified": [], "removed": [".automations/old.yaml"]}]""")));

        Assert.Equal(new DefinitionPush("acme/web", "main", After), push);
    }

    [Theory]
    [InlineData("github.push", """[{"added": [], "modified": ["src/app.cs"], "removed": []}]""", "\"refs/heads/main\"", $"\"{After}\"")]
    [InlineData("github.push", """{"modified": [".automations/fix.yaml"]}""", "\"refs/heads/main\"", $"\"{After}\"")]
    [InlineData("github.push", """[{"modified": ".automations/fix.yaml"}]""", "\"refs/heads/main\"", $"\"{After}\"")]
    [InlineData("github.push", """[{"modified": [7, null, {"path": ".automations/fix.yaml"}]}]""", "\"refs/heads/main\"", $"\"{After}\"")]
    [InlineData("github.push", """["just a string", 3]""", "\"refs/heads/main\"", $"\"{After}\"")]
    [InlineData("github.push", "null", "\"refs/heads/main\"", $"\"{After}\"")]
    [InlineData("github.push", """[{"modified": [".automations/fix.yaml"]}]""", "\"refs/tags/v1\"", $"\"{After}\"")]
    [InlineData("github.push", """[{"modified": [".automations/fix.yaml"]}]""", "42", $"\"{After}\"")]
    [InlineData("github.push", """[{"modified": [".automations/fix.yaml"]}]""", "\"refs/heads/main\"", "\"0000000000000000000000000000000000000000\"")]
    [InlineData("github.push", """[{"modified": [".automations/fix.yaml"]}]""", "\"refs/heads/main\"", "[]")]
    [InlineData("github.issues.labeled", """[{"modified": [".automations/fix.yaml"]}]""", "\"refs/heads/main\"", $"\"{After}\"")]
    public void AnythingElse_OrFieldsOfTheWrongType_MeanNoReload(string kind, string commits, string reference, string after) =>
        Assert.Null(DefinitionPush.Of(Event(kind, Push(commits, reference, after))));

    [Theory]
    [InlineData("""{"action": "opened", "number": 4, "pull_request": {"number": "4", "head": {"sha": "a"}, "base": {"sha": "b"}}, "repository": {"full_name": "acme/web"}}""")]
    [InlineData("""{"action": "opened", "number": 4, "pull_request": {"number": 4, "head": "a", "base": {"sha": "b"}}, "repository": {"full_name": "acme/web"}}""")]
    [InlineData("""{"action": "opened", "number": 4, "pull_request": {"number": 4, "head": {"sha": 1}, "base": {"sha": "b"}}, "repository": {"full_name": "acme/web"}}""")]
    [InlineData("""{"action": "opened", "number": 4, "pull_request": [], "repository": {"full_name": "acme/web"}}""")]
    [InlineData("""{"action": "opened", "number": 4, "pull_request": {"number": 4, "head": {"sha": "a"}, "base": {"sha": "b"}}, "repository": "acme/web"}""")]
    [InlineData("""{"action": "opened", "number": 4, "pull_request": {"number": 4.5, "head": {"sha": "a"}, "base": {"sha": "b"}}, "repository": {"full_name": "acme/web"}}""")]
    public void APullRequestWithFieldsOfTheWrongType_CallsForNoCheck(string payload) =>
        Assert.Null(DefinitionCheckIntake.Read(Event("github.pull_request.opened", payload)));

    [Fact]
    public void APullRequestOpened_CallsForACheckOfItsHead()
    {
        var check = DefinitionCheckIntake.Read(Event(
            "github.pull_request.synchronize",
            """{"action": "synchronize", "number": 4, "pull_request": {"number": 4, "head": {"sha": "a"}, "base": {"sha": "b"}}, "repository": {"full_name": "acme/web"}}"""));

        Assert.Equal(("acme/web", 4, "a", "b", "d-1"), (check!.Repository, check.PullNumber, check.HeadSha, check.BaseSha, check.DeliveryId));
        Assert.Null(DefinitionCheckIntake.Read(Event("github.pull_request.closed", """{"action": "closed", "pull_request": {"number": 4, "head": {"sha": "a"}, "base": {"sha": "b"}}, "repository": {"full_name": "acme/web"}}""")));
    }
}
