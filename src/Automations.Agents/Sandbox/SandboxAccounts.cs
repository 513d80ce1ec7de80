using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Automations.Agents.Sandbox;

/// <summary>
/// The sandbox's own <c>/etc/passwd</c> and <c>/etc/group</c>: root, the sandbox's user (<c>agent</c>) with
/// its HOME, and <c>nobody</c>; nothing of the host's users. Written once per content, named by its hash,
/// so that runs side by side never write the same file.
/// </summary>
internal static class SandboxAccounts
{
    public static (string Passwd, string Group) Write(string stateDirectory, uint uid, uint gid, string? home)
    {
        var user = uid == 0 ? "root" : "agent";
        var passwd = new StringBuilder("root:x:0:0:root:/root:/usr/sbin/nologin\n");
        var group = new StringBuilder("root:x:0:\n");
        if (uid != 0)
        {
            passwd.Append(CultureInfo.InvariantCulture, $"{user}:x:{uid}:{gid}:Automations agent:{home ?? "/nonexistent"}:/bin/sh\n");
            group.Append(CultureInfo.InvariantCulture, $"{user}:x:{gid}:\n");
        }

        if (uid != 65534)
        {
            passwd.Append("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        }

        if (gid != 65534)
        {
            group.Append("nogroup:x:65534:\n");
        }

        return (Save(stateDirectory, "passwd", passwd.ToString()), Save(stateDirectory, "group", group.ToString()));
    }

    private static string Save(string directory, string name, string content)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..12];
        var path = Path.Combine(directory, $".sandbox-{name}-{hash}");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(directory);
            var temporary = $"{path}.{Guid.NewGuid():N}";
            File.WriteAllText(temporary, content);
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }
}
