using Microsoft.Extensions.Options;

namespace Automations.Integrations.Http;

/// <summary>Checks a provider's <c>ApiUrl</c> and <c>Retry</c> settings at start.</summary>
public sealed class ProviderOptionsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class, IProviderOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!ApiUrls.IsHttp(options.ApiUrl))
        {
            problems.Add($"{section}:ApiUrl must be an absolute http or https URL.");
        }

        problems.AddRange(options.Retry.Problems(section));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
