using System.Net;
using System.Net.Sockets;
using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Cli;

/// <summary>What goes wrong before anything runs is one line that names it: no stack trace.</summary>
public sealed class OneLineErrorsTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Send_NoEngineListening_SaysSoInOneLine()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var payload = Path.Combine(AppContext.BaseDirectory, "Payloads", "github", "issues-labeled.json");

        var (exitCode, output, error) = await CommandLine.RunAsync(
            _setup.DataDir, null, "send", "--source", "github", "--event", "issues", "--payload", payload, "--url", $"http://127.0.0.1:{port}", "--secret", "s");

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"send: no engine is listening at http://127.0.0.1:{port}: start one with 'automations serve', or pass --url", error.Trim());
    }

    [Fact]
    public async Task Serve_PortAlreadyInUse_IsOneLine()
    {
        _setup.AutofixDefinition();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        var (exitCode, output, error) = await CommandLine.RunAsync(
            _setup.DataDir, null, "serve", "--urls", url, "--data-dir", _setup.DataDir, "--automations", _setup.AutomationsDir);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
        Assert.Equal($"automations: cannot start: {url} is already in use (another engine?); stop it, or pass --urls", error.Trim());
    }
}
