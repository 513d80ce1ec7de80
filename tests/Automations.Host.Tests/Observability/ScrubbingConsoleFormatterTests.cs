using Automations.Host.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Automations.Host.Tests.Observability;

/// <summary>
/// The engine's console log, set up as <c>serve</c> and <c>functions</c> set it up: one line a message, with the
/// configured secrets and every URL's user and password scrubbed, from the message and the exception alike.
/// </summary>
public sealed class ScrubbingConsoleFormatterTests
{
    private const string WebhookSecret = "gh-webhook-secret-0123456789";
    private const string AgentKey = "sk-ant-agent-key-abcdef";

    [Fact]
    public async Task ALineWithASecretAndAUrlWithAPassword_IsWrittenWithNeither_OnOneLine()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Automations:Sources:GitHub:WebhookSecret"] = WebhookSecret,
            ["Automations:Agents:claude:Env:ANTHROPIC_API_KEY"] = AgentKey,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLogging(ServeCommand.ConfigureLogging);
        await using var provider = services.BuildServiceProvider();

        var chosen = provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        var formatter = Assert.Single(provider.GetServices<ConsoleFormatter>(), f => f.Name == chosen);
        var output = new StringWriter();
        Write(formatter, output, LogLevel.Information, 7, $"cloning https://automations:ghs_s3cret@github.com/acme/web.git with {WebhookSecret}", null);
        Write(formatter, output, LogLevel.Error, 8, "Delivery d-1 failed", new InvalidOperationException($"the agent refused key {AgentKey}\nat line two"));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d\d:\d\d:\d\d info: Automations\.Test\[7\] cloning https://github\.com/acme/web\.git with \[redacted\]$", lines[0]);
        Assert.StartsWith("fail: Automations.Test[8] Delivery d-1 failed System.InvalidOperationException: the agent refused key [redacted] at line two", lines[1][9..], StringComparison.Ordinal);
        Assert.DoesNotContain("ghs_s3cret", output.ToString(), StringComparison.Ordinal);
    }

    private static void Write(ConsoleFormatter formatter, TextWriter output, LogLevel level, int eventId, string message, Exception? exception) =>
        formatter.Write(new LogEntry<string>(level, "Automations.Test", new EventId(eventId), message, exception, (state, _) => state), null, output);
}
