namespace Automations.Agents.Workspaces;

/// <summary>Deleting what a sandboxed process made, whatever modes it left on it.</summary>
internal static class Folders
{
    /// <summary>
    /// Deletes <paramref name="path"/> and all in it. Links are removed, never followed. A folder its owner
    /// made read-only (an agent can) is made writable first, which an engine that is not root needs.
    /// </summary>
    public static void Delete(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            foreach (var folder in Directory.EnumerateDirectories(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Prepend(path))
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.Delete(path, recursive: true);
        }
    }
}
