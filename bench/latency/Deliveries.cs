using System.Security.Cryptography;
using System.Text;

namespace Automations.Bench.Latency;

/// <summary>Signed GitHub <c>issues.labeled</c> deliveries: a probe (label <c>probe</c>, which the automation matches) or noise (which nothing matches).</summary>
internal static class Deliveries
{
    public static byte[] Body(string label) => Encoding.UTF8.GetBytes($$$"""
        {"action":"labeled","label":{"name":"{{{label}}}"},
         "issue":{"number":7,"title":"Latency","html_url":"https://github.com/acme/web/issues/7","state":"open","labels":[{"name":"{{{label}}}"}],"user":{"login":"octocat"},"author_association":"OWNER","body":"latency"},
         "repository":{"full_name":"acme/web","name":"web","owner":{"login":"acme"},"private":false,"html_url":"https://github.com/acme/web"},
         "sender":{"login":"octocat","type":"User"}}
        """);

    public static HttpRequestMessage Request(byte[] body, string deliveryId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Engines.Secret), body)));
        return request;
    }
}
