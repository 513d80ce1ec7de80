using System.Security.Cryptography;
using System.Text;

namespace Automations.Bench.Latency;

/// <summary>Signed GitHub deliveries: <c>issues.labeled</c>, a probe (label <c>probe</c>, which the automation matches) or noise (which nothing matches); and a push.</summary>
internal static class Deliveries
{
    public static byte[] Body(string label) => Encoding.UTF8.GetBytes($$$"""
        {"action":"labeled","label":{"name":"{{{label}}}"},
         "issue":{"number":7,"title":"Latency","html_url":"https://github.com/acme/web/issues/7","state":"open","labels":[{"name":"{{{label}}}"}],"user":{"login":"octocat"},"author_association":"OWNER","body":"latency"},
         "repository":{"full_name":"acme/web","name":"web","owner":{"login":"acme"},"private":false,"html_url":"https://github.com/acme/web"},
         "sender":{"login":"octocat","type":"User"}}
        """);

    /// <summary>A push to <c>main</c> of <c>acme/web</c> that moved it to <paramref name="after"/>, as GitHub sends it.</summary>
    public static byte[] Push(string after) => Encoding.UTF8.GetBytes($$$"""
        {"ref":"refs/heads/main","before":"{{{new string('0', 40)}}}","after":"{{{after}}}","created":true,"deleted":false,"forced":false,
         "commits":[],"head_commit":{"id":"{{{after}}}","timestamp":"2026-01-01T00:00:00Z","message":"initial"},
         "repository":{"full_name":"acme/web","name":"web","owner":{"login":"acme"},"private":false,"html_url":"https://github.com/acme/web"},
         "pusher":{"name":"octocat"},"sender":{"login":"octocat","type":"User"}}
        """);

    public static HttpRequestMessage Request(byte[] body, string deliveryId, string eventName = "issues")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Engines.Secret), body)));
        return request;
    }
}
