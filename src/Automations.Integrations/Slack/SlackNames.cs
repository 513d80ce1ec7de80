using System.Collections.Concurrent;

namespace Automations.Integrations.Slack;

/// <summary>
/// The ids that channel and person names resolved to (<c>#alerts</c> by <c>conversations.list</c>, <c>@oncall</c>
/// by <c>users.list</c> and <c>conversations.open</c>), kept for <see cref="Lifetime"/> and shared by every
/// <see cref="SlackClient"/>. A big workspace's member list is many pages, <c>users.list</c> allows about 20 calls
/// a minute, and an engine tells the same people and channels again and again. A name that resolved to nothing
/// is not kept, so a person who joins is found at once; one who leaves may be told for up to the lifetime.
/// </summary>
public sealed class SlackNames(TimeProvider time)
{
    /// <summary>How long a name's id is kept: 15 minutes.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>The most names kept; past it, they are forgotten together.</summary>
    public const int MaxNames = 1000;

    private readonly ConcurrentDictionary<string, (string Id, DateTimeOffset Until)> _ids = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The id <paramref name="name"/> resolved to less than <see cref="Lifetime"/> ago, or null.</summary>
    public string? Find(string name) => _ids.TryGetValue(name, out var known) && known.Until > time.GetUtcNow() ? known.Id : null;

    /// <summary>Keeps what <paramref name="name"/> resolved to.</summary>
    public void Keep(string name, string id)
    {
        if (_ids.Count >= MaxNames)
        {
            _ids.Clear();
        }

        _ids[name] = (id, time.GetUtcNow() + Lifetime);
    }
}
