using System.Net;
using System.Net.Sockets;
using Automations.Agents.Processes;
using Automations.Agents.Sandbox;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Sandbox;

/// <summary>A command agent in the real bubblewrap sandbox: what it sees, what it reaches, and that nothing of it outlives its run.</summary>
public sealed class BubblewrapSandboxTests : IDisposable
{
    private readonly SandboxedAgentHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [SandboxFact]
    public async Task RunAsync_Agent_SeesItsWorkspaceAndTheSystem_NothingElseOfTheEngine()
    {
        await File.WriteAllTextAsync(Path.Combine(_harness.Root, "secret.txt"), "engine-secret");
        var engineHome = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var result = await _harness.RunAsync($$"""
            echo "uid=$(id -u)"
            echo "user=$(id -un)"
            echo "top=$(ls / | tr '\n' ' ')"
            echo "data=$(ls -A '{{_harness.Root}}' | tr '\n' ' ')"
            echo "secret=$(cat '{{_harness.Root}}/secret.txt' 2>&1)"
            echo "engine=$(cat /proc/{{Environment.ProcessId}}/environ 2>&1 | head -c 100)"
            echo "home=$(ls -A '{{engineHome}}' 2>&1 | head -c 200)"
            echo "processes=$(ls /proc | grep -c '^[0-9]')"
            touch written && echo "workspace=writable"
            if touch /usr/written 2>/dev/null; then echo "usr=writable"; else echo "usr=read-only"; fi
            echo "prompt=$(cat "$AUTOMATIONS_PROMPT_FILE")"
            echo "path=$PATH"
            """);

        Assert.Equal(AgentOutcome.Succeeded, result.Outcome);
        var sandbox = Assert.IsType<BubblewrapSandbox>(_harness.Sandbox);
        Assert.Equal(sandbox.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), _harness.Said("uid"));
        Assert.NotEqual("0", _harness.Said("uid"));
        Assert.Equal("agent", _harness.Said("user"));
        Assert.Subset(new HashSet<string>(["bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "sbin", "tmp", "usr", "var"]), _harness.Said("top").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet());
        // Of the data directory only what the run binds: the agent's own script, its workspace, HOME and session files.
        Assert.Subset(new HashSet<string>(["agent.sh", "work", "home", "session"]), _harness.Said("data").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet());
        Assert.Contains("No such file or directory", _harness.Said("secret"), StringComparison.Ordinal);
        Assert.Contains("No such file or directory", _harness.Said("engine"), StringComparison.Ordinal);
        Assert.Contains("No such file or directory", _harness.Said("home"), StringComparison.Ordinal);
        Assert.InRange(int.Parse(_harness.Said("processes"), System.Globalization.CultureInfo.InvariantCulture), 1, 8);
        Assert.Equal("writable", _harness.Said("workspace"));
        Assert.Equal("read-only", _harness.Said("usr"));
        Assert.Equal("Fix it.", _harness.Said("prompt"));
        Assert.All(_harness.Said("path").Split(':'), p => Assert.False(p.StartsWith(engineHome + "/", StringComparison.Ordinal), $"PATH names {p}, of the engine's home"));
        Assert.Contains("/usr/bin", _harness.Said("path").Split(':'));
        Assert.True(File.Exists(Path.Combine(_harness.Workspace, "written")));
    }

    [SandboxFact]
    public async Task RunAsync_NetworkNone_CannotConnect_WhileOpenReachesALocalServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        var script = $"if bash -c 'echo hello > /dev/tcp/127.0.0.1/{port}' 2>/dev/null; then echo net=connected; else echo net=refused; fi";

        await _harness.RunAsync(script, configure: o => o.Network = "none");
        var none = _harness.Said("net");
        await _harness.RunAsync(script, configure: o => o.Network = "open");
        var open = _harness.Said("net");

        Assert.Equal("refused", none);
        Assert.Equal("connected", open);
        using var client = await accepted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(client);
    }

    [SandboxFact]
    public async Task RunAsync_SetsidChildIgnoringTerm_IsGoneAfterTheTimeout()
    {
        var marker = $"escapee-{Guid.NewGuid():N}";

        var result = await _harness.RunAsync(Escapee(marker), _harness.Run(TimeSpan.FromSeconds(2)));

        Assert.Equal(AgentOutcome.TimedOut, result.Outcome);
        Assert.Contains(_harness.Output, o => o.Text == "escaped");
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWith(marker), TimeSpan.FromSeconds(5), "the setsid child to be gone");
    }

    [SandboxFact]
    public async Task RunAsync_SetsidChildIgnoringTerm_IsGoneAfterAStop()
    {
        var marker = $"escapee-{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource();
        var run = _harness.RunAsync(Escapee(marker), cancellationToken: stop.Token);
        await Waiting.UntilAsync(() => Scripts.AnyProcessWith(marker), TimeSpan.FromSeconds(30), "the setsid child to start");

        await stop.CancelAsync();
        var result = await run;

        Assert.Equal(AgentOutcome.Canceled, result.Outcome);
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWith(marker), TimeSpan.FromSeconds(5), "the setsid child to be gone");
    }

    [Fact]
    public async Task RunAsync_Unsandboxed_SetsidChildIsStillFoundAndKilled()
    {
        using var harness = new SandboxedAgentHarness(_ => new Unconfined("test"));
        var marker = $"escapee-{Guid.NewGuid():N}";

        var result = await harness.RunAsync(Escapee(marker), harness.Run(TimeSpan.FromSeconds(2)));

        Assert.Equal(AgentOutcome.TimedOut, result.Outcome);
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWith(marker), TimeSpan.FromSeconds(5), "the setsid child to be gone");
    }

    [SandboxFact]
    public async Task RunAsync_StartedFromAThreadThatEnds_TheSandboxLivesOn()
    {
        // A sandbox dies with its parent, which the kernel takes to be the thread that forked it.
        var spec = _harness.Sandbox.Wrap(
            new ProcessSpec { FileName = "/bin/sh", Arguments = ["-c", "sleep 2; echo survived"], WorkingDirectory = _harness.Workspace, Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, Timeout = TimeSpan.FromSeconds(30) },
            new SandboxMounts { WorkingDirectory = _harness.Workspace, StateDirectory = _harness.Root });
        var lines = new List<string>();
        Task<ProcessOutcome>? run = null;
        var thread = new Thread(() => run = ProcessSupervisor.RunAsync(spec, (line, _) => { lines.Add(line.Text); return ValueTask.CompletedTask; }, TimeProvider.System, CancellationToken.None));
        thread.Start();
        thread.Join();

        var outcome = await run!;

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["survived"], lines);
    }

    [SandboxFact]
    public async Task RunAsync_DescriptorTheEngineInherited_NeverReachesTheAgent()
    {
        // As a lock or a log the engine was started with: open, and not close-on-exec.
        var file = Path.Combine(_harness.Root, "inherited.lock");
        var descriptor = Open(file, 0x41 /* O_WRONLY | O_CREAT */, 0x180);
        Assert.True(descriptor > 2);
        try
        {
            await _harness.RunAsync("""
                echo "fds=$(ls /proc/self/fd | tr '\n' ' ')"
                echo "held=$(ls -l /proc/self/fd | grep -c inherited.lock)"
                """);
        }
        finally
        {
            _ = Close(descriptor);
        }

        Assert.Equal("0", _harness.Said("held"));
        Assert.DoesNotContain(descriptor.ToString(System.Globalization.CultureInfo.InvariantCulture), _harness.Said("fds").Split(' '));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);

    [SandboxFact]
    public void Wrap_AsRoot_StartsBubblewrapAsTheSandboxUser_NeverBindingTheRoot()
    {
        var spec = _harness.Sandbox.Wrap(
            new ProcessSpec { FileName = "/bin/true", WorkingDirectory = _harness.Workspace, Environment = new Dictionary<string, string>(), Timeout = TimeSpan.FromSeconds(1) },
            new SandboxMounts { WorkingDirectory = _harness.Workspace, StateDirectory = _harness.Root });
        var arguments = spec.Arguments.ToList();

        var bwrap = arguments.FindIndex(a => a.EndsWith("/bwrap", StringComparison.Ordinal));
        Assert.True(bwrap >= 0, string.Join(' ', arguments));
        if (NativeMethodsProbe.IsRoot)
        {
            var setpriv = arguments.FindIndex(a => a.EndsWith("/setpriv", StringComparison.Ordinal));
            Assert.InRange(setpriv, 0, bwrap - 1);
            Assert.Contains("--reuid=65533", arguments);
        }

        for (var i = 0; i < arguments.Count - 2; i++)
        {
            if (arguments[i] is "--bind" or "--ro-bind" or "--ro-bind-try")
            {
                Assert.NotEqual("/", arguments[i + 1]);
            }
        }

        Assert.Contains("--unshare-pid", arguments);
        Assert.Contains("--die-with-parent", arguments);
        Assert.Contains("--unshare-net", arguments);
    }

    /// <summary>An agent whose child leaves its process group and session, and ignores SIGTERM and SIGHUP.</summary>
    private static string Escapee(string marker) => $"""
        setsid sh -c 'trap "" TERM HUP; while :; do sleep 1; done # {marker}' >/dev/null 2>&1 </dev/null &
        echo escaped
        sleep 600
        """;

    private static class NativeMethodsProbe
    {
        public static bool IsRoot => Environment.UserName == "root";
    }
}
