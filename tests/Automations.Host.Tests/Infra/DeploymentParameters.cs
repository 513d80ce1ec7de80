using System.Globalization;
using System.Text;

namespace Automations.Host.Tests.Infra;

/// <summary>Parameters of <c>infra/main.bicep</c> for a snapshot: valid ones by default, each one changeable.</summary>
public sealed record DeploymentParameters
{
    public string Name { get; init; } = "acme-automations";

    public string PostgresSku { get; init; } = "Standard_B2s";

    public int? MaximumInstanceCount { get; init; }

    public string PostgresAdminPassword { get; init; } = "Aa1-snapshot-password";

    public IReadOnlyDictionary<string, string> SecretSettings { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>.bicepparam</c> file of these values for the template at <paramref name="template"/>.</summary>
    public string ToBicepParam(string template)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"using '{template}'");
        text.AppendLine(CultureInfo.InvariantCulture, $"param name = {Quote(Name)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"param postgresSku = {Quote(PostgresSku)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"param postgresAdminPassword = {Quote(PostgresAdminPassword)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"param apiKey = {Quote(new string('k', 48))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"param deployCheckSecret = {Quote(new string('c', 48))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"param deployerPrincipalId = {Quote("11111111-1111-1111-1111-111111111111")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"param secretSettings = [{string.Join(", ", SecretSettings.Keys.Select(Quote))}]");
        text.AppendLine(CultureInfo.InvariantCulture, $"param secretValues = {Object(SecretSettings)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"param settings = {Object(Settings)}");
        if (MaximumInstanceCount is { } count)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"param maximumInstanceCount = {count}");
        }

        return text.ToString();
    }

    private static string Object(IReadOnlyDictionary<string, string> values) =>
        "{ " + string.Join(", ", values.Select(v => $"{Quote(v.Key)}: {Quote(v.Value)}")) + " }";

    private static string Quote(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
