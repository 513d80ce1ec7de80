using System.Runtime.InteropServices;

namespace Automations.Agents.Processes;

internal static partial class NativeMethods
{
    internal const int SigKill = 9;

    /// <summary>POSIX <c>kill(2)</c>; a negative pid names a process group.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    internal const int GetDescriptorFlags = 1;
    internal const int SetDescriptorFlags = 2;
    internal const int CloseOnExec = 1;

    /// <summary>POSIX <c>fcntl(2)</c> with an integer argument.</summary>
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int descriptor, int command, int argument);

    /// <summary>POSIX <c>geteuid(2)</c>.</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();

    /// <summary>POSIX <c>lchown(2)</c>: a symbolic link itself, never what it points to.</summary>
    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LChown(string path, uint owner, uint group);
}
