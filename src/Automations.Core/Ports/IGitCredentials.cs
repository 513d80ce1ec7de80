namespace Automations.Core.Ports;

/// <summary>The credential git presents to a remote, for the remotes the engine has one for.</summary>
public interface IGitCredentials
{
    /// <summary>The credential for <paramref name="remoteUrl"/>, or null when git should go without one (a local path, another host).</summary>
    ValueTask<GitCredential?> ForRemoteAsync(string remoteUrl, CancellationToken cancellationToken);
}
