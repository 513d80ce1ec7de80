namespace Automations.Integrations.GitHub;

/// <summary>Git needs a token for a GitHub remote and GitHub would not give one; the message says why, never the token.</summary>
public sealed class GitHubCredentialException : Exception
{
    public GitHubCredentialException(string message)
        : base(message)
    {
    }

    public GitHubCredentialException()
    {
    }

    public GitHubCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
