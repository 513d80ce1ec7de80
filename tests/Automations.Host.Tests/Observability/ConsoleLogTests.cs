using System.Text;
using Automations.Host.Cli;
using Automations.Host.Observability;
using Automations.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Automations.Host.Tests.Observability;

/// <summary>
/// The engine's console log, set up as <c>serve</c> and <c>functions</c> set it up: one line a message, with the
/// configured secrets and every URL's user and password scrubbed, from the message and the exception alike;
/// written in batches, every line whole and in order, and none lost without saying so.
/// </summary>
public sealed class ConsoleLogTests
{
    private const string WebhookSecret = "gh-webhook-secret-0123456789";
    private const string AgentKey = "sk-ant-agent-key-abcdef";

    [Fact]
    public async Task TheEnginesLog_IsThisOne_InPlaceOfTheFrameworks()
    {
        var builder = EngineConfiguration.CreateBuilder([]);
        ServeCommand.ConfigureLogging(builder.Logging);
        await using var services = builder.Services.BuildServiceProvider();

        var providers = services.GetServices<ILoggerProvider>().Select(p => p.GetType()).ToList();
        Assert.Contains(typeof(ConsoleLogProvider), providers);
        Assert.DoesNotContain(typeof(ConsoleLoggerProvider), providers);
    }

    [Fact]
    public void ALineWithASecretAndAUrlWithAPassword_IsWrittenWithNeither_OnOneLine()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Automations:Sources:GitHub:WebhookSecret"] = WebhookSecret,
            ["Automations:Agents:claude:Env:ANTHROPIC_API_KEY"] = AgentKey,
        }).Build();
        var output = new MemoryStream();
        using (var provider = new ConsoleLogProvider(new ConsoleLogLine(new SecretScrubber(configuration), TimeProvider.System), new ConsoleLogWriter(output, TimeProvider.System)))
        {
            var logger = provider.CreateLogger("Automations.Test");
            logger.Log(LogLevel.Information, new EventId(7), $"cloning https://automations:ghs_s3cret@github.com/acme/web.git with {WebhookSecret}");
            logger.Log(LogLevel.Error, new EventId(8), new InvalidOperationException($"the agent refused key {AgentKey}\nat line two"), "Delivery d-1 failed");
        }

        var text = Encoding.UTF8.GetString(output.ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d\d:\d\d:\d\d info: Automations\.Test\[7\] cloning https://github\.com/acme/web\.git with \[redacted\]$", lines[0]);
        Assert.StartsWith("fail: Automations.Test[8] Delivery d-1 failed System.InvalidOperationException: the agent refused key [redacted] at line two", lines[1][9..], StringComparison.Ordinal);
        Assert.DoesNotContain("ghs_s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AgentKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyLinesFromManyThreads_AreWrittenWholeAndInOrder_InFewWrites()
    {
        var output = new CountingStream();
        using (var writer = new ConsoleLogWriter(output, TimeProvider.System))
        {
            Parallel.For(0, 4, thread =>
            {
                for (var i = 0; i < 2000; i++)
                {
                    writer.Append($"thread {thread} line {i}");
                }
            });
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8000, lines.Length);
        for (var thread = 0; thread < 4; thread++)
        {
            Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"thread {thread} line {i}"), lines.Where(l => l.StartsWith($"thread {thread} ", StringComparison.Ordinal)));
        }

        Assert.True(output.Writes < 800, $"{output.Writes} writes for 8000 lines");
    }

    [Fact]
    public async Task AQuietLine_IsWrittenWithoutWaitingForMore()
    {
        var output = new CountingStream();
        using var writer = new ConsoleLogWriter(output, TimeProvider.System);

        writer.Append("alone");

        await Waiting.UntilAsync(() => output.Text == "alone\n", TimeSpan.FromSeconds(10), "the line written");
    }

    [Fact]
    public void AnOutputThatDoesNotKeepUp_LosesTheLinesPastTheCap_AndTheLogSaysHowMany()
    {
        var output = new BlockingStream();
        var writer = new ConsoleLogWriter(output, TimeProvider.System, capacity: 1000);
        writer.Append("first");
        Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(10)), "the first write never started");

        for (var i = 0; i < 100; i++)
        {
            writer.Append($"waiting line {i:D3} ".PadRight(49, '.'));
        }

        output.Gate.Set();
        writer.Dispose();
        writer.Append("after the end");

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("first", lines[0]);
        var kept = lines.Count(l => l.StartsWith("waiting line", StringComparison.Ordinal));
        Assert.InRange(kept, 1, 99);
        Assert.Equal($"warn: Automations.Log[0] {100 - kept} line(s) of this log were dropped: its output did not keep up", lines[kept + 1][9..]);
        Assert.Equal("after the end", lines[^1]);
    }

    [Fact]
    public void AClosedOutput_NeitherThrowsNorStopsTheEngine()
    {
        var output = new ClosedStream();
        var writer = new ConsoleLogWriter(output, TimeProvider.System);
        writer.Append("nowhere to go");
        writer.Dispose();
        writer.Append("still nowhere");

        // Both were tried, on the writer's thread and then on the caller's; neither failure came out.
        Assert.Equal(2, output.Attempts);
    }

    private class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (this)
                {
                    return Encoding.UTF8.GetString(ToArray());
                }
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (this)
            {
                Writes++;
                base.Write(buffer);
            }
        }
    }

    private sealed class BlockingStream : CountingStream
    {
        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Gate { get; } = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Entered.Set();
            Gate.Wait();
            base.Write(buffer);
        }
    }

    private sealed class ClosedStream : MemoryStream
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Interlocked.Increment(ref _attempts);
            throw new IOException("Broken pipe");
        }
    }
}
