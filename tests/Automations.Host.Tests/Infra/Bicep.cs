using System.Text.Json.Nodes;
using Automations.Host.Tests.Cli;
using Automations.Testing;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// The real Bicep CLI over <c>infra/</c>: the compiled ARM template (<c>bicep build</c>), and what a deployment
/// of it would create for given parameters, evaluated by the deployment engine inside the CLI
/// (<c>bicep snapshot</c>: names, values and references as ARM computes them, in a fixed subscription).
/// </summary>
public static class Bicep
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";
    public const string Location = "westeurope";

    private static readonly Lazy<Task<string>> Cli = new(async () =>
    {
        var (exitCode, output, error) = await CommandLine.ExecAsync("bash", CommandLine.RepositoryRoot(), null, TimeSpan.FromMinutes(5), ["scripts/bicep.sh", "--path"]);
        Assert.True(exitCode == 0, "scripts/bicep.sh --path: " + output + error);
        return output.Trim();
    });

    private static readonly Lazy<Task<JsonObject>> Compiled = new(async () =>
    {
        var (exitCode, output, error) = await RunAsync(CommandLine.RepositoryRoot(), "build", Path.Combine("infra", "main.bicep"), "--stdout");
        Assert.True(exitCode == 0, error);
        return JsonNode.Parse(output)!.AsObject();
    });

    /// <summary>The compiled template of <c>infra/main.bicep</c>: the same JSON that a deployment sends.</summary>
    public static Task<JsonObject> TemplateAsync() => Compiled.Value;

    /// <summary>
    /// What deploying <c>infra/main.bicep</c> with <paramref name="parameters"/> into <paramref name="resourceGroup"/>
    /// would create: <see cref="Snapshot"/> with its predicted resources, or the deployment engine's refusal.
    /// </summary>
    public static async Task<Snapshot> SnapshotAsync(DeploymentParameters parameters, string resourceGroup = "automations")
    {
        using var directory = new TempDirectory("bicep-snapshot");

        // A parameters file names its template by a relative path: both sit in one folder.
        foreach (var file in Directory.GetFiles(Path.Combine(CommandLine.RepositoryRoot(), "infra"), "*.bicep"))
        {
            File.Copy(file, directory.Combine(Path.GetFileName(file)));
        }

        File.WriteAllText(directory.Combine("test.bicepparam"), parameters.ToBicepParam("main.bicep"));
        var (exitCode, output, error) = await RunAsync(
            directory.Path,
            "snapshot", "test.bicepparam", "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--resource-group", resourceGroup, "--location", Location);
        var snapshot = directory.Combine("test.snapshot.json");
        return exitCode == 0 && File.Exists(snapshot)
            ? new Snapshot(JsonNode.Parse(File.ReadAllText(snapshot))!.AsObject(), null)
            : new Snapshot(null, (output + error).Trim());
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] arguments) =>
        await CommandLine.ExecAsync(await Cli.Value, workingDirectory, null, TimeSpan.FromMinutes(2), arguments);
}
