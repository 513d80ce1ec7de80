using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>What <see cref="ISessionStore.AppendLockedAsync"/> did: the session its events produced, or the lock's holder when nothing was appended.</summary>
public sealed record LockedAppend(Session? Session, string? Holder);
