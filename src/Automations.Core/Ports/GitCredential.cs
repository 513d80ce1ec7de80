namespace Automations.Core.Ports;

/// <summary>A user name and a password or token for git over HTTPS. Its text never shows the password.</summary>
public sealed class GitCredential(string username, string password)
{
    public string Username { get; } = username;

    /// <summary>The secret: for git's environment only, never a URL, a file, a command line or a log.</summary>
    public string Password { get; } = password;

    public override string ToString() => $"GitCredential({Username}, ***)";
}
