using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace Automations.Core.Templates;

/// <summary>
/// Renders Handlebars templates (instructions, repository, action texts) over a <see cref="TemplateContext"/>.
/// No HTML escaping: the output goes to agents and APIs, not to browsers. A missing value renders empty.
/// Compiled templates are cached by their text; problems come back as values, never as exceptions.
/// </summary>
public sealed partial class TemplateRenderer
{
    /// <summary>The cache is dropped when it reaches this size; templates only come from definitions.</summary>
    private const int MaxCached = 4096;

    private readonly IHandlebars _handlebars;
    private readonly ConcurrentDictionary<string, CompiledTemplate> _cache = new(StringComparer.Ordinal);

    public TemplateRenderer()
    {
        var configuration = new HandlebarsConfiguration { NoEscape = true };
        configuration.FormatterProviders.Add(new JsonStyleFormatter());
        _handlebars = Handlebars.Create(configuration);
    }

    /// <summary>One renderer for the whole process, so every caller shares its cache.</summary>
    public static TemplateRenderer Shared { get; } = new();

    /// <summary>How many template texts are cached (for tests).</summary>
    internal int CachedCount => _cache.Count;

    public TemplateResult Render(string template, TemplateContext context)
    {
        var compiled = Compile(template);
        return compiled.Template is null ? TemplateResult.Failure(compiled.Error!) : Run(compiled.Template, context.Model);
    }

    /// <summary>
    /// Null when the template compiles and renders over an empty context (which finds unknown helpers and
    /// partials outside blocks); otherwise why not.
    /// </summary>
    public string? Validate(string template)
    {
        var compiled = Compile(template);
        return compiled.Template is null
            ? compiled.Error
            : Run(compiled.Template, new Dictionary<string, object?>(StringComparer.Ordinal)).Error;
    }

    private CompiledTemplate Compile(string template)
    {
        if (_cache.TryGetValue(template, out var cached))
        {
            return cached;
        }

        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        return _cache.GetOrAdd(template, text =>
        {
            try
            {
                return new CompiledTemplate(_handlebars.Compile(text), Error: null);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // User input meets a third-party parser, which throws more than its own exception types
                // (InvalidOperationException for "{{#each}}"): every failure here is a template error.
                return new CompiledTemplate(Template: null, "template does not compile: " + OneLine(ex.Message));
            }
        });
    }

    private static TemplateResult Run(HandlebarsTemplate<object, object> template, Dictionary<string, object?> model)
    {
        try
        {
            return TemplateResult.Success(template(model));
        }
        catch (HandlebarsException ex)
        {
            return TemplateResult.Failure("template does not render: " + OneLine(ex.Message));
        }
    }

    private static string OneLine(string message) => Whitespace().Replace(message, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
