using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

public sealed class StoreOptions : IValidatableObject
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>For postgres, an Npgsql connection string. For sqlite, the file (default: automations.db in DataDir).</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == "postgres" && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "is required with Automations:Store:Provider=postgres: an Npgsql connection string such as 'Host=db.internal;Database=automations;Username=automations;Password=...'.",
                [nameof(ConnectionString)]);
        }
    }
}
