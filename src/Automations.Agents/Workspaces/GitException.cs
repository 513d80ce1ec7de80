namespace Automations.Agents.Workspaces;

/// <summary>A git command failed; the message carries git's own error text.</summary>
public sealed class GitException : Exception
{
    public GitException(string message)
        : base(message)
    {
    }

    public GitException()
    {
    }

    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
