namespace Automations.Core.Sessions;

/// <summary>Session ids: time-ordered (UUID v7), 32 lowercase hex characters, safe in a branch name.</summary>
public static class SessionIds
{
    public static string New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
}
