using System.Text;
using Automations.Core.Sources;
using Automations.Core.Sources.Custom;
using Automations.Core.Sources.GitHub;
using Automations.Core.Sources.Linear;
using Automations.Core.Sources.Sentry;
using Automations.Core.Sources.Slack;
using Automations.Core.Tests.Sources.GitHub;
using Automations.Core.Tests.Sources.Linear;
using Automations.Core.Tests.Sources.Sentry;
using Automations.Core.Tests.Sources.Slack;
using Automations.Testing;

namespace Automations.Core.Tests.Sources;

/// <summary>
/// Signed bodies that parse as JSON but cannot be read as the provider's: a lone surrogate escape, which threw
/// when its string was read, and a field of another JSON type than the provider sends, which threw further on
/// (a <c>pull_request</c> that is a string, in the pull-request follower). Each source says malformed, and why.
/// </summary>
public sealed class UnreadableBodiesTests
{
    private static readonly DateTimeOffset Now = SlackRequests.Now;

    public static TheoryData<string, string> Sources => new()
    {
        { "github", "issues" },
        { "sentry", "issue" },
        { "linear", "Issue" },
        { "slack", "app_mention" },
        { "webhook", "deploys" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Normalize_LoneSurrogateInTheTitle_Malformed(string source, string kind)
    {
        var body = source switch
        {
            "github" => """{"action":"opened","issue":{"number":7,"title":"\ud800"},"repository":{"full_name":"acme/web"}}""",
            "sentry" => """{"action":"created","data":{"issue":{"id":"1","title":"\ud800"}}}""",
            "linear" => """{"action":"create","type":"Issue","data":{"id":"1","title":"\ud800"}}""",
            "slack" => """{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","text":"\ud800"}}""",
            _ => """{"id":"1","title":"\ud800"}""",
        };

        var result = Normalize(source, kind, body);

        Assert.Contains("lone surrogate (\\ud800", Assert.IsType<NormalizeResult.Malformed>(result).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github", "pull_request", """{"action":"closed","pull_request":"x","repository":{"full_name":"acme/web"}}""", "payload.pull_request is a string, where GitHub sends an object.")]
    [InlineData("github", "issues", """{"action":["opened"],"issue":{"number":7}}""", "payload.action is an array, where GitHub sends a string.")]
    [InlineData("github", "check_run", """{"action":"completed","check_run":17}""", "payload.check_run is a number, where GitHub sends an object.")]
    [InlineData("sentry", "issue", """{"action":"created","data":"x"}""", "payload.data is a string, where Sentry sends an object.")]
    [InlineData("linear", "Issue", """{"action":"create","type":"Issue","data":[1]}""", "payload.data is an array, where Linear sends an object.")]
    [InlineData("slack", "app_mention", """{"type":"event_callback","event_id":"Ev1","event":"app_mention"}""", "payload.event is a string, where Slack sends an object.")]
    public void Normalize_FieldOfAnotherType_MalformedNamingIt(string source, string kind, string body, string reason)
    {
        var result = Normalize(source, kind, body);

        Assert.Equal(reason, Assert.IsType<NormalizeResult.Malformed>(result).Reason);
    }

    private static NormalizeResult Normalize(string source, string kind, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var (webhookSource, request) = source switch
        {
            "github" => ((IWebhookSource)new GitHubSource(), GitHubRequests.Signed(kind, body)),
            "sentry" => (new SentrySource(), SentryRequests.Signed(kind, body)),
            "linear" => (new LinearSource(new ManualTimeProvider(Now)), LinearRequests.Signed(body)),
            "slack" => (new SlackSource(new ManualTimeProvider(Now)), SlackRequests.Signed(body)),
            _ => (new CustomWebhookSource(new ManualTimeProvider(Now)), new WebhookRequest(CustomWebhookSource.SourceName, WebhookRequest.HeadersOf([]), body) { Endpoint = kind }),
        };

        return webhookSource.Normalize(request, "d1", Now);
    }
}
