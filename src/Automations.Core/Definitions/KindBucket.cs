using System.Collections.Frozen;
using Automations.Core.Matching;

namespace Automations.Core.Definitions;

/// <summary>
/// The triggers of one key of the kind index, split by a second index on <c>where</c> values. A trigger whose
/// <c>where</c> has a clause that needs some value at a path to equal one of a few strings (see
/// <see cref="WhereFilter.TryGetIndexKey"/>) is filed under that path and each of those strings, ignoring case;
/// every other trigger is <see cref="Unindexed"/>. For an event, the candidates are the unindexed triggers and
/// those filed under the values the event has at each indexed path; their whole <c>where</c> still decides.
/// </summary>
internal sealed class KindBucket
{
    private KindBucket(TriggerEntry[] unindexed, PathIndex[] paths)
    {
        Unindexed = unindexed;
        Paths = paths;
    }

    /// <summary>The triggers with no indexable clause, in index order.</summary>
    public TriggerEntry[] Unindexed { get; }

    /// <summary>One index per path that some trigger is filed under.</summary>
    public PathIndex[] Paths { get; }

    public static KindBucket Create(IEnumerable<TriggerEntry> entries)
    {
        var unindexed = new List<TriggerEntry>();
        var byPath = new Dictionary<string, (EventPath Path, Dictionary<string, List<TriggerEntry>> ByValue)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!entry.Trigger.Where.TryGetIndexKey(out var path, out var values))
            {
                unindexed.Add(entry);
                continue;
            }

            if (!byPath.TryGetValue(path.Text, out var index))
            {
                byPath[path.Text] = index = (path, new Dictionary<string, List<TriggerEntry>>(StringComparer.OrdinalIgnoreCase));
            }

            foreach (var value in values.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!index.ByValue.TryGetValue(value, out var filed))
                {
                    index.ByValue[value] = filed = [];
                }

                filed.Add(entry);
            }
        }

        return new KindBucket(
            [.. unindexed],
            [.. byPath.Values.Select(p => new PathIndex(
                p.Path,
                p.ByValue.ToFrozenDictionary(v => v.Key, v => v.Value.ToArray(), StringComparer.OrdinalIgnoreCase)))]);
    }
}

/// <summary>The triggers filed under one path, by the value they need there (ignoring case).</summary>
internal sealed record PathIndex(EventPath Path, FrozenDictionary<string, TriggerEntry[]> ByValue);
