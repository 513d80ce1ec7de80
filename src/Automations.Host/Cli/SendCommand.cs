using System.CommandLine;

namespace Automations.Host.Cli;

/// <summary>
/// <c>automations send</c>: signs a payload with the configured secret and posts it as the provider
/// would, so a definition can be tried without the provider.
/// </summary>
public static class SendCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "github, sentry, linear, slack or webhook (a custom webhook).", Required = true };
        source.AcceptOnlyFromAmong(DeliverySigner.Sources);
        var eventName = new Option<string>("--event") { Description = "The provider's event (issues.labeled, issue.created, Issue.create, ...); for a custom webhook, its endpoint.", Required = true };
        var payload = new Option<FileInfo>("--payload") { Description = "The JSON body to send.", Required = true };
        var url = new Option<string?>("--url") { Description = $"The engine (default {ServeCommand.DefaultUrl}) or the full webhook URL." };
        var secret = new Option<string?>("--secret") { Description = "Sign with this secret instead of the configured one (required for a custom webhook)." };
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
            var from = result.GetValue(source)!;
            var key = DeliverySigner.SecretKey(from);
            return await SendAsync(
                from,
                result.GetValue(eventName)!,
                result.GetValue(payload)!,
                result.GetValue(url),
                result.GetValue(secret) ?? (key is null ? null : configuration[key]),
                key,
                result.GetValue(delivery) ?? Guid.NewGuid().ToString(),
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> SendAsync(
        string source, string eventName, FileInfo payload, string? url, string? secret, string? secretKey, string deliveryId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret))
        {
            await Console.Error.WriteLineAsync(secretKey is null
                ? "send: a custom webhook is signed with its automation's secret: pass --secret"
                : $"send: no secret: set {secretKey} (or {secretKey.Replace(":", "__", StringComparison.Ordinal)}), or pass --secret");
            return 2;
        }

        if (!payload.Exists)
        {
            await Console.Error.WriteLineAsync($"send: {payload.FullName}: no such file");
            return 2;
        }

        var target = url ?? ServeCommand.DefaultUrl;
        if (!target.Contains("/webhooks/", StringComparison.Ordinal))
        {
            target = target.TrimEnd('/') + DeliverySigner.Path(source, eventName);
        }

        var (body, headers) = DeliverySigner.Sign(source, eventName, deliveryId, await File.ReadAllBytesAsync(payload.FullName, cancellationToken), secret, TimeProvider.System.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        request.Headers.UserAgent.ParseAdd("automations-send");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
        {
            await Console.Error.WriteLineAsync($"send: no engine is listening at {new Uri(target).GetLeftPart(UriPartial.Authority)}: start one with 'automations serve', or pass --url");
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"send: cannot reach {new Uri(target).GetLeftPart(UriPartial.Authority)}: {ex.Message}");
            return 1;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"send: {new Uri(target).GetLeftPart(UriPartial.Authority)} did not answer within {client.Timeout.TotalSeconds:0} s");
            return 1;
        }

        using var answer = response;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}  (delivery {deliveryId})");
        Console.WriteLine(text);
        return response.IsSuccessStatusCode ? 0 : 1;
    }
}
