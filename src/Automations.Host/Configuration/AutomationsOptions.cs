using System.ComponentModel.DataAnnotations;
using Automations.Agents.Commands;

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

    public StoreOptions Store { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public SourcesOptions Sources { get; set; } = new();

    /// <summary>Configured agents by name (<c>agent.use</c> in a definition).</summary>
    public IDictionary<string, AgentOptions> Agents { get; set; } = new Dictionary<string, AgentOptions>(StringComparer.OrdinalIgnoreCase);

    public GitHubOptions GitHub { get; set; } = new();

    public WorkerOptions Worker { get; set; } = new();

    public QueueSettings Queue { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    public string DataPath(params string[] parts) => Path.Combine([Path.GetFullPath(DataDir), .. parts]);
}

public sealed class StoreOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Automations:Store:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>For postgres, an Npgsql connection string. For sqlite, the file (default: automations.db in DataDir).</summary>
    public string? ConnectionString { get; set; }
}

public sealed class ApiOptions
{
    /// <summary>Bearer keys for <c>/api</c>. When none is set, one is generated on first start and kept in DataDir.</summary>
    public IList<string> Keys { get; set; } = [];
}

public sealed class SourcesOptions
{
    public SourceSecret GitHub { get; set; } = new();
}

public sealed class SourceSecret
{
    /// <summary>The shared secret the provider signs with. None configured: every delivery is refused.</summary>
    public string? WebhookSecret { get; set; }
}

public sealed class GitHubOptions
{
    /// <summary>Where <c>owner/name</c> repositories live: <c>{GitUrl}/{owner}/{name}.git</c>. Default <c>https://github.com</c>.</summary>
    public string GitUrl { get; set; } = "https://github.com";
}

public sealed class WorkerOptions
{
    /// <summary>Run workers in this process. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sessions run at once. Default 2.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 2;

    /// <summary>How often an idle worker looks for a job. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On stop, how long running sessions may go on before their jobs are given back. Default 30 seconds.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class QueueSettings
{
    /// <summary>How long a taken job stays invisible without a heartbeat. Default 2 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs of a job before it is dead. Default 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry's delay, doubled each time, with jitter. Default 15 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest delay between retries. Default 10 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class IngestOptions
{
    /// <summary>The largest delivery body accepted, in bytes; larger ones get 413. Default 25 MB, GitHub's own cap.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxBodyBytes { get; set; } = 25 * 1024 * 1024;
}
