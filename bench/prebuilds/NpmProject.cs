using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Automations.Bench.Prebuilds;

/// <summary>
/// A repository whose dependencies are npm packages in a local cache: <c>--packages</c> tarballs of
/// <c>--files</c> files each (generated text, from a fixed seed), named in <c>package.json</c> by their
/// paths, with the <c>package-lock.json</c> npm makes for them; <c>npm ci --offline</c> installs them
/// without a registry.
/// </summary>
internal static class NpmProject
{
    /// <summary>Writes the cache's tarballs; the bytes they unpack to.</summary>
    public static long CreateCache(string cache, int packages, int files, int fileBytes, int seed)
    {
        Directory.CreateDirectory(cache);
        var random = new Random(seed);
        var raw = new byte[fileBytes * 3 / 4];
        long total = 0;
        for (var p = 1; p <= packages; p++)
        {
            using var stream = File.Create(Tarball(cache, p));
            using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
            using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
            Add(tar, "package/package.json", Encoding.UTF8.GetBytes($$"""{"name":"bench-dep-{{p}}","version":"1.0.0","main":"lib/f1.js"}"""));
            for (var f = 1; f <= files; f++)
            {
                random.NextBytes(raw);
                var text = Encoding.ASCII.GetBytes($"module.exports = \"{Convert.ToBase64String(raw)}\";\n");
                Add(tar, $"package/lib/f{f}.js", text);
                total += text.Length;
            }
        }

        return total;
    }

    /// <summary>A bare repository at <paramref name="remote"/>: <c>package.json</c>, its lock and a source file, one commit on main.</summary>
    public static void CreateRepository(string remote, string cache, int packages, string scratch)
    {
        var work = Path.Combine(scratch, "project");
        Directory.CreateDirectory(Path.Combine(work, "src"));
        var dependencies = string.Join(",\n", Enumerable.Range(1, packages).Select(p => $"    \"bench-dep-{p}\": \"file:{Tarball(cache, p)}\""));
        File.WriteAllText(Path.Combine(work, "package.json"), $"{{\n  \"name\": \"app\",\n  \"version\": \"1.0.0\",\n  \"private\": true,\n  \"dependencies\": {{\n{dependencies}\n  }}\n}}\n");
        File.WriteAllText(Path.Combine(work, "src", "index.js"), "module.exports = require('bench-dep-1');\n");
        File.WriteAllText(Path.Combine(work, ".gitignore"), "node_modules/\n");
        Run(work, "npm", "install", "--package-lock-only", "--offline", "--no-audit", "--no-fund", "--cache", Path.Combine(scratch, "npm-cache"));
        Run(work, "git", "init", "--quiet", "--initial-branch=main");
        Run(work, "git", "add", "--all");
        Run(work, "git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "-m", "app");
        Run(scratch, "git", "clone", "--quiet", "--bare", work, remote);
        Directory.Delete(work, recursive: true);
    }

    /// <summary>Runs a program to its end; its standard output, or an exception with its errors.</summary>
    public static string Run(string directory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors.Result}");
    }

    private static string Tarball(string cache, int package) => Path.Combine(cache, $"bench-dep-{package}-1.0.0.tgz");

    private static void Add(TarWriter tar, string name, byte[] content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, DataStream = new MemoryStream(content) };
        tar.WriteEntry(entry);
    }
}
