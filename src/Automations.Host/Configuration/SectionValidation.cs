using System.Collections;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Automations.Host.Configuration;

/// <summary>
/// Checks the <c>Automations</c> section and every section under it by the annotations on their own
/// classes (ranges, patterns, <see cref="IValidatableObject"/> for rules across a section's settings), which
/// the options' own data-annotation check does not reach below the top. Each problem names its setting by
/// its configuration path, such as <c>Automations:Worker:Concurrency must be between 1 and 1024.</c>
/// </summary>
internal sealed class SectionValidation : IValidateOptions<AutomationsOptions>
{
    public ValidateOptionsResult Validate(string? name, AutomationsOptions options)
    {
        var problems = new List<string>();
        Check(options, AutomationsOptions.Section, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Check(object section, string path, List<string> problems)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true);
        problems.AddRange(results.Select(r => $"{path}:{string.Join(",", r.MemberNames)} {r.ErrorMessage}"));
        foreach (var property in section.GetType().GetProperties())
        {
            if (IsSection(property.PropertyType) && property.GetIndexParameters().Length == 0 && property.GetValue(section) is { } child)
            {
                Check(child, $"{path}:{property.Name}", problems);
            }
        }
    }

    // The engine's own option classes; not strings, collections (agents by name have their own checks) or values.
    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.Namespace?.StartsWith("Automations.", StringComparison.Ordinal) == true;
}
