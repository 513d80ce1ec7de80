namespace Automations.Testing;

/// <summary>Executable shell scripts that stand in for agents: real processes, written by the test.</summary>
public static class Scripts
{
    public static string Write(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        // Readable and runnable by the sandbox's user, which is not the engine's.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>True while any process has <paramref name="marker"/> in its command line.</summary>
    public static bool AnyProcessWith(string marker)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (!int.TryParse(name, out _))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && !IsZombie(directory))
                {
                    return true;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return false;
    }

    /// <summary>True while any live process has <paramref name="entry"/> (<c>NAME=value</c>) in its environment.</summary>
    public static bool AnyProcessWithEnvironment(string entry)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(entry, StringComparer.Ordinal) && !IsZombie(directory))
                {
                    return true;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return false;
    }

    private static bool IsZombie(string procDirectory)
    {
        var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
        var afterName = stat[(stat.LastIndexOf(')') + 2)..];
        return afterName.StartsWith('Z');
    }
}
