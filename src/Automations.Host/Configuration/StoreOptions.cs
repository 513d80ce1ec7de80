using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

public sealed class StoreOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Automations:Store:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>For postgres, an Npgsql connection string. For sqlite, the file (default: automations.db in DataDir).</summary>
    public string? ConnectionString { get; set; }
}
