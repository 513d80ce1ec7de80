using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Fuzz;

/// <summary>A well-formed body of each source and event the engine reads, to be spoiled by <see cref="Mutations"/>.</summary>
public static class ProviderBodies
{
    private const string Repository = """ "repository":{"full_name":"acme/web","private":false,"html_url":"https://github.com/acme/web"},"sender":{"login":"octocat","type":"User"} """;

    /// <summary>(source, the event or resource or type its headers name, the body).</summary>
    public static IReadOnlyList<(string Source, string Event, string Body)> All { get; } =
    [
        ("github", "issues", System.Text.Encoding.UTF8.GetString(EngineSetup.Payload("issues-labeled.json"))),
        ("github", "issues", $$$"""{"action":"opened","issue":{"number":7,"title":"t","labels":[{"name":"bug"}],"state":"open","user":{"login":"octocat"},"author_association":"OWNER","html_url":"https://github.com/acme/web/issues/7"},{{{Repository}}}}"""),
        ("github", "issue_comment", $$$"""{"action":"created","issue":{"number":7,"title":"t","pull_request":{"url":"u"},"user":{"login":"a"}},"comment":{"id":1,"body":"@automations fix","user":{"login":"octocat"},"author_association":"OWNER"},{{{Repository}}}}"""),
        ("github", "pull_request", $$$"""{"action":"closed","number":3,"pull_request":{"number":3,"merged":true,"state":"closed","title":"t","head":{"ref":"automations/fix/1","sha":"abc"},"base":{"ref":"main"},"html_url":"https://github.com/acme/web/pull/3","user":{"login":"a"}},{{{Repository}}}}"""),
        ("github", "pull_request_review", $$$"""{"action":"submitted","review":{"state":"changes_requested","body":"no","user":{"login":"a"}},"pull_request":{"number":3,"head":{"ref":"automations/fix/1","sha":"abc"},"html_url":"u"},{{{Repository}}}}"""),
        ("github", "check_run", $$$"""{"action":"completed","check_run":{"id":9,"name":"ci","status":"completed","conclusion":"failure","head_sha":"abc","html_url":"u","pull_requests":[{"number":3,"head":{"ref":"automations/fix/1","sha":"abc"}}]},{{{Repository}}}}"""),
        ("github", "check_suite", $$$"""{"action":"completed","check_suite":{"id":9,"status":"completed","conclusion":"success","head_sha":"abc","head_branch":"automations/fix/1","pull_requests":[{"number":3}]},{{{Repository}}}}"""),
        ("github", "push", $$$"""{"ref":"refs/heads/main","after":"abc","commits":[{"id":"abc","message":"m"}],{{{Repository}}}}"""),
        ("github", "ping", $$$"""{"zen":"Keep it logically awesome.","hook_id":1,{{{Repository}}}}"""),
        ("sentry", "issue", """{"action":"created","data":{"issue":{"id":"1","shortId":"WEB-1","title":"TypeError","level":"error","status":"unresolved","permalink":"https://sentry.io/i/1","project":{"slug":"web"}}},"actor":{"type":"application","id":"sentry","name":"Sentry"}}"""),
        ("sentry", "error", """{"action":"created","data":{"error":{"event_id":"e1","title":"Boom","level":"fatal","web_url":"u","issue_id":"1"}},"actor":{"type":"application","id":"sentry","name":"Sentry"}}"""),
        ("sentry", "event_alert", """{"action":"triggered","data":{"event":{"event_id":"e2","title":"Boom","level":"error","issue_id":"1"},"triggered_rule":"r"},"actor":{"type":"application","id":"sentry","name":"Sentry"}}"""),
        ("sentry", "installation", """{"action":"created","data":{"installation":{"uuid":"u"}},"actor":{"type":"user","id":"1","name":"a"}}"""),
        ("linear", "Issue", """{"action":"create","type":"Issue","webhookTimestamp":NOW_MS,"url":"https://linear.app/i/ENG-7","data":{"id":"i1","identifier":"ENG-7","number":7,"title":"t","team":{"key":"ENG"},"labels":[{"name":"bug"}],"state":{"name":"Todo"}},"actor":{"id":"u","name":"a"}}"""),
        ("linear", "Comment", """{"action":"create","type":"Comment","webhookTimestamp":NOW_MS,"data":{"id":"c1","body":"fix it","issue":{"id":"i1","identifier":"ENG-7","title":"t"},"user":{"name":"a"}},"actor":{"id":"u","name":"a"}}"""),
        ("linear", "AgentSessionEvent", """{"action":"created","type":"AgentSessionEvent","webhookTimestamp":NOW_MS,"agentSession":{"id":"s1","issue":{"id":"i1","identifier":"ENG-7","title":"t","url":"u"},"comment":{"body":"go"}},"promptContext":"p"}"""),
        ("slack", "event_callback", """{"type":"event_callback","team_id":"T1","event_id":"EvID","event_time":NOW_S,"event":{"type":"app_mention","user":"U1","ts":"1.1","channel":"C1","text":"<@U0> fix the build"}}"""),
        ("slack", "url_verification", """{"type":"url_verification","token":"t","challenge":"c"}"""),
        ("webhook", "deploys", """{"id":"dep_1","title":"Deploy failed","url":"https://ci.example/1","status":"failed"}"""),
    ];
}
