using System.CommandLine;
using Automations.Core.Sources.GitHub;

namespace Automations.Host.Cli;

/// <summary>
/// <c>automations send</c>: signs a payload with the configured secret and posts it as the provider
/// would, so a definition can be tried without the provider.
/// </summary>
public static class SendCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "github", Required = true };
        var eventName = new Option<string>("--event") { Description = "The provider's event, e.g. issues or issues.labeled.", Required = true };
        var payload = new Option<FileInfo>("--payload") { Description = "The JSON body to send.", Required = true };
        var url = new Option<string>("--url") { Description = "The webhook URL.", DefaultValueFactory = _ => $"{ServeCommand.DefaultUrl}/webhooks/github" };
        var secret = new Option<string?>("--secret") { Description = "Sign with this secret instead of the configured one." };
        var delivery = new Option<string?>("--delivery") { Description = "The delivery id (default: a new one); send the same id twice to see deduplication." };
        var command = new Command("send", "Sign a payload and post it as the provider would.") { source, eventName, payload, url, secret, delivery };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine([.. result.UnmatchedTokens])
                .Build();
            return await SendAsync(
                result.GetValue(source)!,
                result.GetValue(eventName)!,
                result.GetValue(payload)!,
                result.GetValue(url)!,
                result.GetValue(secret) ?? configuration["Automations:Sources:GitHub:WebhookSecret"],
                result.GetValue(delivery) ?? Guid.NewGuid().ToString(),
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> SendAsync(string source, string eventName, FileInfo payload, string url, string? secret, string deliveryId, CancellationToken cancellationToken)
    {
        if (!string.Equals(source, "github", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"send: source '{source}' is not supported yet; use github");
            return 2;
        }

        if (string.IsNullOrEmpty(secret))
        {
            await Console.Error.WriteLineAsync("send: no secret: set Automations:Sources:GitHub:WebhookSecret (or Automations__Sources__GitHub__WebhookSecret), or pass --secret");
            return 2;
        }

        if (!payload.Exists)
        {
            await Console.Error.WriteLineAsync($"send: {payload.FullName}: no such file");
            return 2;
        }

        var body = await File.ReadAllBytesAsync(payload.FullName, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName.Split('.')[0]);
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", GitHubSignature.Sign(secret, body));
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/automations-send");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}  (delivery {deliveryId})");
        Console.WriteLine(text);
        return response.IsSuccessStatusCode ? 0 : 1;
    }
}
