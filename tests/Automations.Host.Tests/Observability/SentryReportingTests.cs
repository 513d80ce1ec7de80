using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Automations.Host.Observability;
using Automations.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sentry;

namespace Automations.Host.Tests.Observability;

/// <summary>The engine's errors reach a Sentry ingest (a fake one on 127.0.0.1), without a secret or a request's body.</summary>
public sealed class SentryReportingTests
{
    private const string WebhookSecret = "gh-webhook-secret-0123456789";
    private const string AgentKey = "sk-ant-agent-key-abcdef";
    private const string Payload = "{\"issue\":{\"title\":\"PAYLOAD-TEXT-5150\"}}";

    [Fact]
    public async Task AnError_ArrivesAtSentry_WithItsSecretsBlanked_AndNoRequestBody()
    {
        await using var ingest = await FakeWebhookReceiver.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SentryReporting.DsnKey] = $"http://public@{ingest.Url.Authority}/42",
            ["Automations:Sources:GitHub:WebhookSecret"] = WebhookSecret,
            ["Automations:Agents:claude:Env:ANTHROPIC_API_KEY"] = AgentKey,
        });
        builder.AddSentryReporting();
        await using (var app = builder.Build())
        {
            await app.StartAsync();
            SentrySdk.ConfigureScope(scope => scope.Request.Data = Payload);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Automations.Test");
            logger.LogInformation("verifying with {Secret}", WebhookSecret);
            logger.LogError(new InvalidOperationException($"the agent refused key {AgentKey} for https://automations:ghs_s3cret@github.com/acme/web.git"), "Delivery d-1 failed with secret {Secret}", WebhookSecret);
            await app.StopAsync();
        }

        var envelopes = await EnvelopesAsync(ingest);
        var sent = string.Join("\n", envelopes);
        Assert.Contains("Delivery d-1 failed with secret [redacted]", sent, StringComparison.Ordinal);
        Assert.Contains("the agent refused key [redacted] for https://github.com/acme/web.git", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("ghs_s3cret", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookSecret, sent, StringComparison.Ordinal);
        Assert.DoesNotContain(AgentKey, sent, StringComparison.Ordinal);
        Assert.DoesNotContain("PAYLOAD-TEXT-5150", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutADsn_NothingIsSetUp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddSentryReporting();

        Assert.DoesNotContain(builder.Services, s => s.ServiceType.Assembly.GetName().Name!.StartsWith("Sentry", StringComparison.Ordinal));
        Assert.False(SentrySdk.IsEnabled);
    }

    private static async Task<List<string>> EnvelopesAsync(FakeWebhookReceiver ingest)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            var envelopes = ingest.Requests.Where(r => r.Path.EndsWith("/envelope/", StringComparison.Ordinal)).Select(Text).ToList();
            if (envelopes.Any(e => e.Contains("\"type\":\"event\"", StringComparison.Ordinal)))
            {
                return envelopes;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no event reached the ingest: {string.Join(", ", ingest.Requests)}");
    }

    private static string Text(RecordedRequest request)
    {
        if (request.Header("Content-Encoding") != "gzip")
        {
            return request.Text;
        }

        using var gzip = new GZipStream(new MemoryStream(request.Body), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
