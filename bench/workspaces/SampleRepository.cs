using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Automations.Bench.Workspaces;

/// <summary>
/// Builds the benchmark's repository: a bare remote whose <c>main</c> holds one commit of
/// <c>files</c> source-like files in nested folders, with sizes from a fixed seed (most a few KB,
/// a few hundred KB).
/// </summary>
internal static class SampleRepository
{
    private static readonly string[] Extensions = [".cs", ".ts", ".tsx", ".json", ".md", ".yaml", ".py", ".go"];

    private static readonly string[] Lines =
    [
        "    public async Task<Result> HandleAsync(Request request, CancellationToken cancellationToken)",
        "    {",
        "        ArgumentNullException.ThrowIfNull(request);",
        "        var items = await _store.ListAsync(request.Owner, cancellationToken);",
        "        foreach (var item in items.Where(i => i.Enabled))",
        "        if (item.Total > limit) { return Result.Rejected(\"over the limit\"); }",
        "export function bundleLineTotal(line: Line, discount?: Discount): number {",
        "  return line.items.reduce((sum, item) => sum + item.price.amount * item.quantity, 0);",
        "  \"dependencies\": { \"react\": \"^18.2.0\", \"zod\": \"^3.22.4\" },",
        "def normalize(event: dict) -> dict:",
        "    return {key: value for key, value in event.items() if value is not None}",
        "func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {",
        "        }",
        "    }",
        "// The order summary shows the discounted bundle price and the page renders.",
        "",
    ];

    /// <summary>Creates the bare repository at <paramref name="barePath"/>; answers the total size of the files in bytes.</summary>
    public static long Create(string barePath, int files, int seed)
    {
        var random = new Random(seed);
        var work = barePath + ".seed";
        Directory.CreateDirectory(work);
        Git(work, "init", "--quiet", "--initial-branch=main");
        long total = 0;
        for (var i = 0; i < files; i++)
        {
            var area = random.Next(100) switch
            {
                < 55 => "src",
                < 75 => "tests",
                < 85 => "web/components",
                < 93 => "docs",
                _ => "tools",
            };
            var folder = Path.Combine(area, $"module{random.Next(40):D2}", $"part{random.Next(6)}");
            var name = $"file{i:D5}{Extensions[random.Next(Extensions.Length)]}";
            var size = random.Next(1000) switch
            {
                < 750 => random.Next(500, 4_096),
                < 950 => random.Next(4_096, 16_384),
                < 995 => random.Next(16_384, 65_536),
                _ => random.Next(65_536, 262_144),
            };
            Directory.CreateDirectory(Path.Combine(work, folder));
            File.WriteAllText(Path.Combine(work, folder, name), Content(random, size, i));
            total += size;
        }

        Git(work, "add", "--all");
        Git(work, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "initial");
        Git(Path.GetDirectoryName(barePath)!, "clone", "--quiet", "--bare", "--no-local", work, barePath);
        Directory.Delete(work, recursive: true);
        return total;
    }

    private static string Content(Random random, int size, int index)
    {
        var text = new StringBuilder(size + 128);
        text.Append(CultureInfo.InvariantCulture, $"// file {index}\n");
        while (text.Length < size)
        {
            text.Append(Lines[random.Next(Lines.Length)]);
            text.Append(CultureInfo.InvariantCulture, $" // {random.Next(100_000)}\n");
        }

        return text.ToString(0, size);
    }

    /// <summary>Runs git for the set-up, outside the measurements.</summary>
    public static string Git(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }

        return output.Result.Trim();
    }
}
