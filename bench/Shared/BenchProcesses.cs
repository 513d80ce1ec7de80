using System.Diagnostics;
using System.Net.Sockets;

namespace Automations.Bench;

/// <summary>What the benchmarks that start engines share: git for their sample repositories, a free port, and the wait for <c>/healthz</c>.</summary>
internal static class BenchProcesses
{
    /// <summary>Runs git in <paramref name="directory"/> and answers its output; a failure throws with git's own message.</summary>
    public static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"git {arguments[0]} failed: {error.Result}");
    }

    /// <summary>A bare repository at <paramref name="bare"/> whose <c>main</c> holds one commit of a README.</summary>
    public static void CreateRepository(string bare)
    {
        var work = bare + ".work";
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "README.md"), "# web\n");
        Git(work, "init", "--quiet", "--initial-branch", "main");
        Git(work, "add", "--all");
        Git(work, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "-m", "initial");
        Git(Path.GetDirectoryName(bare)!, "clone", "--quiet", "--bare", work, bare);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until the engine answers <c>/healthz</c>, for a minute at most; an engine that exits first fails at once.</summary>
    public static async Task WaitHealthyAsync(HttpClient http, Process engine)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (engine.HasExited)
            {
                throw new InvalidOperationException($"the engine exited with code {engine.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the engine did not answer /healthz within 60 s");
    }
}
