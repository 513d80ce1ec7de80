using System.ComponentModel.DataAnnotations;
using Automations.Agents.Commands;
using Automations.Agents.Sandbox;
using Automations.Storage;

namespace Automations.Host.Configuration;

/// <summary>The <c>Automations</c> configuration section (CONTRACT.md, "Configuration").</summary>
public sealed class AutomationsOptions
{
    public const string Section = "Automations";

    /// <summary>SQLite file, workspaces and the generated API key. Default <c>./.automations</c>.</summary>
    [Required]
    public string DataDir { get; set; } = "./.automations";

    /// <summary>The folder of automation YAML files, watched for changes. Default <c>./automations</c>.</summary>
    [Required]
    public string DefinitionsPath { get; set; } = "./automations";

    /// <summary><c>Automations:Repositories</c>: repositories whose <c>.automations/</c> folder holds definitions.</summary>
    public RepositoriesOptions Repositories { get; set; } = new();

    public RepositoryDefinitionsOptions RepositoryDefinitions { get; set; } = new();

    public StoreOptions Store { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public SourcesOptions Sources { get; set; } = new();

    /// <summary>Configured agents by name (<c>agent.use</c> in a definition).</summary>
    public IDictionary<string, AgentOptions> Agents { get; set; } = new Dictionary<string, AgentOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Automations:Sandbox</c>: where agents run (bubblewrap by default where it is installed).</summary>
    public SandboxOptions Sandbox { get; set; } = new();

    public GitHubOptions GitHub { get; set; } = new();

    public WorkerOptions Worker { get; set; } = new();

    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary><c>Automations:Queue</c>: leases and retries, bound straight onto the store's own options.</summary>
    public QueueOptions Queue { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    public FunctionsOptions Functions { get; set; } = new();

    /// <summary><c>Automations:Checks</c>: the check run on a pull request that changes <c>.automations/</c>.</summary>
    public DefinitionChecks.DefinitionCheckOptions Checks { get; set; } = new();

    public string DataPath(params string[] parts) => Path.Combine([Path.GetFullPath(DataDir), .. parts]);
}
