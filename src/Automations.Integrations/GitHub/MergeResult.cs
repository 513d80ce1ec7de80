namespace Automations.Integrations.GitHub;

/// <summary>GitHub's answer to a merge: the commit it made on the base, and its message.</summary>
public sealed record MergeResult(string Sha, bool Merged, string Message);
