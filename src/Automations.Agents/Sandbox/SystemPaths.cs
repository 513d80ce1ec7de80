namespace Automations.Agents.Sandbox;

/// <summary>The parts of the system every sandbox sees, read-only: programs and libraries, and what of <c>/etc</c> they need.</summary>
internal static class SystemPaths
{
    /// <summary>Programs and libraries; on a merged-/usr system all but <c>/usr</c> are links into it.</summary>
    public static readonly string[] Roots = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>
    /// What of <c>/etc</c> programs read: the loader, name resolution, certificates, time zone, the Debian
    /// alternatives links (<c>/usr/bin/node</c> may be one). Users and groups are the sandbox's own.
    /// </summary>
    public static readonly string[] Etc =
    [
        "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
        "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/host.conf", "/etc/gai.conf", "/etc/services", "/etc/protocols",
        "/etc/ssl", "/etc/ca-certificates", "/etc/ca-certificates.conf", "/etc/pki", "/etc/crypto-policies",
        "/etc/localtime", "/etc/timezone", "/etc/mime.types", "/etc/os-release", "/etc/debian_version", "/etc/lsb-release",
        "/etc/terminfo", "/etc/inputrc", "/etc/profile", "/etc/bash.bashrc", "/etc/environment",
    ];

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies under it.</summary>
    public static bool IsUnder(string path, string root)
    {
        var trimmed = root.TrimEnd('/');
        return path == trimmed || path.StartsWith(trimmed + "/", StringComparison.Ordinal) || trimmed.Length == 0;
    }
}
