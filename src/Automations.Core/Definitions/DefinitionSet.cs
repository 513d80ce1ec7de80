using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Automations.Core.Events;
using Automations.Core.Matching;
using Automations.Core.Schedules;

namespace Automations.Core.Definitions;

/// <summary>
/// Every loaded definition, immutable, with an index of triggers by kind built once. A file with errors gives
/// no definition and leaves the other files alone; a name or a custom webhook endpoint used twice (ignoring
/// case) is an error on the file that comes second in ordinal path order.
/// </summary>
public sealed class DefinitionSet
{
    private readonly FrozenDictionary<string, KindBucket> _byKind;
    private readonly FrozenDictionary<string, KindBucket>.AlternateLookup<ReadOnlySpan<char>> _byKindPrefix;
    private readonly FrozenDictionary<string, AutomationDefinition> _byName;
    private readonly FrozenDictionary<string, (AutomationDefinition Definition, string SecretVariable)> _byEndpoint;
    private readonly AutomationDefinition[] _definitions;

    private DefinitionSet(AutomationDefinition[] definitions, FrozenDictionary<string, IReadOnlyList<DefinitionError>> errors)
    {
        _definitions = definitions;
        Errors = errors;
        _byName = definitions.ToFrozenDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        _byEndpoint = definitions
            .SelectMany(d => d.Triggers.Where(t => t.Endpoint is not null).Select(t => (Endpoint: t.Endpoint!, Entry: (d, t.SecretVariable!))))
            .ToFrozenDictionary(e => e.Endpoint, e => e.Entry, StringComparer.OrdinalIgnoreCase);
        Schedules = [.. definitions
            .Where(d => d.Enabled)
            .SelectMany(d => d.Triggers.Where(t => t.Schedule is not null).Select(t => (d, t.Schedule!)))];

        var byKind = new Dictionary<string, List<TriggerEntry>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < definitions.Length; i++)
        {
            if (!definitions[i].Enabled)
            {
                continue;
            }

            foreach (var trigger in definitions[i].Triggers)
            {
                foreach (var kind in trigger.Kinds)
                {
                    if (!byKind.TryGetValue(kind, out var entries))
                    {
                        byKind[kind] = entries = [];
                    }

                    entries.Add(new TriggerEntry(i, trigger));
                }
            }
        }

        _byKind = byKind.ToFrozenDictionary(e => e.Key, e => KindBucket.Create(e.Value), StringComparer.OrdinalIgnoreCase);
        _byKindPrefix = _byKind.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static DefinitionSet Empty { get; } = Create([]);

    /// <summary>The valid definitions, in ordinal order of their files.</summary>
    public IReadOnlyList<AutomationDefinition> Definitions => _definitions;

    /// <summary>The problems of each file that has any, by file as given.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DefinitionError>> Errors { get; }

    /// <summary>
    /// Each schedule trigger of each enabled definition, in <see cref="Definitions"/> order: what the scheduler
    /// fires. A definition with two schedules appears twice.
    /// </summary>
    public IReadOnlyList<(AutomationDefinition Definition, CronSchedule Schedule)> Schedules { get; }

    /// <summary>Every problem of every file, in file order then position order.</summary>
    public IReadOnlyList<DefinitionError> AllErrors => [.. Errors.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value)];

    /// <summary>Builds the set from every file's parse result; each file may appear once.</summary>
    public static DefinitionSet Create(IEnumerable<(string File, DefinitionParseResult Result)> files)
    {
        var definitions = new List<AutomationDefinition>();
        var errors = new Dictionary<string, IReadOnlyList<DefinitionError>>(StringComparer.Ordinal);
        var names = new Dictionary<string, AutomationDefinition>(StringComparer.OrdinalIgnoreCase);
        var endpoints = new Dictionary<string, AutomationDefinition>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, result) in files.OrderBy(f => f.File, StringComparer.Ordinal))
        {
            if (!seen.Add(file))
            {
                throw new ArgumentException($"The file '{file}' is given twice.", nameof(files));
            }

            if (result.Errors.Count > 0)
            {
                errors[file] = result.Errors;
            }
            else if (result.Definition is { } definition)
            {
                if (names.TryGetValue(definition.Name, out var first))
                {
                    var (line, column) = result.NamePosition;
                    errors[file] = [new DefinitionError(file, line, column, $"duplicate name '{definition.Name}': already used by {first.SourceFile}")];
                    continue;
                }

                if (result.EndpointPositions.FirstOrDefault(e => endpoints.ContainsKey(e.Endpoint)) is { Endpoint: not null } duplicate)
                {
                    errors[file] = [new DefinitionError(file, duplicate.Line, duplicate.Column, $"duplicate endpoint '{duplicate.Endpoint}': already used by {endpoints[duplicate.Endpoint].SourceFile}")];
                    continue;
                }

                names[definition.Name] = definition;
                foreach (var (endpoint, _, _) in result.EndpointPositions)
                {
                    endpoints[endpoint] = definition;
                }

                definitions.Add(definition);
            }
        }

        return new DefinitionSet([.. definitions], errors.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The definition with this name (ignoring case), or null.</summary>
    public AutomationDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The definition that declares the custom webhook endpoint (ignoring case), enabled or not, and the
    /// environment variable that holds its secret. An endpoint is unique across the set.
    /// </summary>
    public bool TryGetEndpoint(string endpoint, [NotNullWhen(true)] out AutomationDefinition? definition, [NotNullWhen(true)] out string? secretVariable)
    {
        if (_byEndpoint.TryGetValue(endpoint, out var entry))
        {
            (definition, secretVariable) = entry;
            return true;
        }

        (definition, secretVariable) = (null, null);
        return false;
    }

    /// <summary>
    /// The enabled definitions the event starts, each once, in <see cref="Definitions"/> order. Triggers are
    /// found through the kind index, by the event's kind and each shorter prefix of it
    /// (<c>github.issues.labeled</c>, <c>github.issues</c>, <c>github</c>); under each kind, through the value
    /// index (<see cref="KindBucket"/>): only triggers whose indexed value the event has, and those with none,
    /// are candidates. Then their whole <c>where</c> decides.
    /// </summary>
    public IReadOnlyList<AutomationDefinition> Match(TriggerEvent triggerEvent)
    {
        HashSet<int>? matched = null;
        ResolvedPaths? paths = null;
        var kind = triggerEvent.Kind.AsSpan();
        while (true)
        {
            if (_byKindPrefix.TryGetValue(kind, out var bucket))
            {
                paths ??= new ResolvedPaths(triggerEvent);
                Evaluate(bucket.Unindexed, paths, ref matched);
                foreach (var index in bucket.Paths)
                {
                    var values = paths.Resolve(index.Path);
                    for (var i = 0; i < values.Count; i++)
                    {
                        if (values[i].Text is { } text && index.ByValue.TryGetValue(text, out var entries))
                        {
                            Evaluate(entries, paths, ref matched);
                        }
                    }
                }
            }

            var dot = kind.LastIndexOf('.');
            if (dot < 0)
            {
                break;
            }

            kind = kind[..dot];
        }

        if (matched is null)
        {
            return [];
        }

        var positions = matched.ToArray();
        Array.Sort(positions);
        return Array.ConvertAll(positions, i => _definitions[i]);
    }

    private static void Evaluate(TriggerEntry[] entries, ResolvedPaths paths, ref HashSet<int>? matched)
    {
        foreach (var (definition, trigger) in entries)
        {
            if (matched?.Contains(definition) != true && trigger.Where.Matches(paths))
            {
                (matched ??= []).Add(definition);
            }
        }
    }

    /// <summary>For every definition, whether the event starts it and why or why not (for dry runs).</summary>
    public IReadOnlyList<MatchExplanation> Explain(TriggerEvent triggerEvent) =>
        [.. _definitions.Select(definition => Explain(definition, triggerEvent))];

    private static MatchExplanation Explain(AutomationDefinition definition, TriggerEvent triggerEvent)
    {
        var (matched, reason) = Why(definition, triggerEvent);
        return new MatchExplanation { Name = definition.Name, SourceFile = definition.SourceFile, Matched = matched, Reason = reason };
    }

    private static (bool Matched, string Reason) Why(AutomationDefinition definition, TriggerEvent triggerEvent)
    {
        if (!definition.Enabled)
        {
            return (false, "disabled");
        }

        var reasons = new List<string>();
        foreach (var trigger in definition.Triggers)
        {
            var kind = trigger.Kinds.FirstOrDefault(k => Covers(k, triggerEvent.Kind));
            if (kind is null)
            {
                continue;
            }

            if (trigger.Source == "github" && definition.Origin?.Repository is { } own
                && !own.Equals(triggerEvent.Repository, StringComparison.OrdinalIgnoreCase))
            {
                reasons.Add($"github trigger of {own} does not fire for {triggerEvent.Repository ?? "an event without a repository"}");
                continue;
            }

            if (trigger.Where.Explain(triggerEvent) is not { } failure)
            {
                return (true, $"matched on {kind}");
            }

            reasons.Add(failure);
        }

        if (reasons.Count > 0)
        {
            return (false, string.Join("; ", reasons));
        }

        var kinds = definition.Triggers.SelectMany(t => t.Kinds).ToList();
        return (false, kinds.Count == 0
            ? "no triggers: it only runs by hand"
            : $"no trigger for {triggerEvent.Kind} (listens to {string.Join(", ", kinds)})");
    }

    /// <summary>A trigger kind covers the event's kind when it equals it or is a prefix of whole parts.</summary>
    private static bool Covers(string triggerKind, string eventKind) =>
        eventKind.Length == triggerKind.Length
            ? eventKind.Equals(triggerKind, StringComparison.OrdinalIgnoreCase)
            : eventKind.Length > triggerKind.Length
              && eventKind[triggerKind.Length] == '.'
              && eventKind.StartsWith(triggerKind, StringComparison.OrdinalIgnoreCase);
}
