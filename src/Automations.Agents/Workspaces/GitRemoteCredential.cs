using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// A credential for one remote, as git gets it: only through its environment, as an
/// <c>http.&lt;remote&gt;.extraHeader</c> given in <c>GIT_CONFIG_KEY_0</c>/<c>GIT_CONFIG_VALUE_0</c>.
/// So it is never in a URL, a file, <c>.git/config</c>, a command line or a log.
/// </summary>
public sealed record GitRemoteCredential(string RemoteUrl, GitCredential Credential)
{
    /// <summary>Asks <paramref name="credentials"/> for <paramref name="remoteUrl"/>'s credential; null when there is none (or no source), and for anything but http(s).</summary>
    public static async ValueTask<GitRemoteCredential?> ForAsync(IGitCredentials? credentials, string remoteUrl, CancellationToken cancellationToken)
    {
        if (credentials is null || !IsHttp(remoteUrl))
        {
            return null;
        }

        return await credentials.ForRemoteAsync(remoteUrl, cancellationToken) is { } credential ? new GitRemoteCredential(remoteUrl, credential) : null;
    }

    /// <summary>The environment entries that hand git the credential for this remote alone.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment()
    {
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Credential.Username}:{Credential.Password}"));
        yield return new("GIT_CONFIG_COUNT", "1");
        yield return new("GIT_CONFIG_KEY_0", $"http.{RemoteUrl}.extraHeader");
        yield return new("GIT_CONFIG_VALUE_0", $"Authorization: Basic {basic}");
    }

    private static bool IsHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
