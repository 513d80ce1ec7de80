namespace Automations.Core.Sessions;

/// <summary>Session statuses as written in the store and the API (ARCHITECTURE.md, "Sessions").</summary>
public static class SessionStatus
{
    public const string Spawning = "spawning";
    public const string Working = "working";
    public const string Done = "done";
    public const string Errored = "errored";

    public static bool IsTerminal(string status) => status is Done or Errored or "merged" or "killed" or "terminated" or "cleanup";
}
