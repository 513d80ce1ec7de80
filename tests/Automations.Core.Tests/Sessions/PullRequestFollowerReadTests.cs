using Automations.Core.Sessions;

namespace Automations.Core.Tests.Sessions;

/// <summary>What a delivery says about a pull request, read from bodies whose objects are null or of another type.</summary>
public sealed class PullRequestFollowerReadTests
{
    [Theory]
    [InlineData("github.pull_request_review.submitted", """{"review":{"state":"approved","user":null},"pull_request":null}""")]
    [InlineData("github.pull_request_review.submitted", """{"review":{"state":"approved","user":"a"},"pull_request":{"head":"x"}}""")]
    [InlineData("github.pull_request.closed", """{"pull_request":{"merged":true,"head":null}}""")]
    [InlineData("github.pull_request.closed", """{"pull_request":[1]}""")]
    [InlineData("github.check_run.completed", """{"check_run":{"conclusion":"failure","check_suite":"s"}}""")]
    [InlineData("github.check_suite.completed", """{"check_suite":null}""")]
    public void Read_ObjectsThatAreNullOrAnotherType_SayNothing(string kind, string payload)
    {
        Assert.Null(PullRequestFollower.Read(TestEvents.Create(kind, payload)));
    }

    [Fact]
    public void Read_ReviewWithUserOfAnotherType_StillReadsTheReview()
    {
        var fact = PullRequestFollower.Read(TestEvents.Create(
            "github.pull_request_review.submitted",
            """{"review":{"id":5,"state":"changes_requested","user":"a"},"pull_request":{"number":3,"head":{"ref":"automations/fix/1","sha":"abc"}}}"""));

        Assert.NotNull(fact);
        Assert.Equal(PullRequestFact.ChangesRequested, fact.Kind);
        Assert.Null(fact.Reviewer);
        Assert.Equal(3, fact.Number);
    }
}
