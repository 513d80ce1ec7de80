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
        configuration.FormatterProviders.Add(new UntrustedFormatter());
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
    /// Renders an agent's prompt (a definition's <c>instructions</c>): like <see cref="Render"/>, except that every
    /// value written by people outside the automation (the event's payload strings, subject title and labels,
    /// actor; see <see cref="UntrustedData"/>) is output fenced, with whose text it is, and a prompt with any fence
    /// starts with <see cref="UntrustedData.Notice"/>. Helpers and conditions see the raw values. Other templates
    /// (repository, branch, concurrency key, action texts) use <see cref="Render"/>.
    /// </summary>
    public TemplateResult RenderInstructions(string template, TemplateContext context)
    {
        var compiled = Compile(template);
        if (compiled.Template is null)
        {
            return TemplateResult.Failure(compiled.Error!);
        }

        var result = Run(compiled.Template, context.PromptModel);
        return result.Succeeded ? TemplateResult.Success(UntrustedData.WithNotice(result.Text)) : result;
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
