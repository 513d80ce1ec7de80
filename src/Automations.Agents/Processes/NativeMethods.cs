using System.Runtime.InteropServices;

namespace Automations.Agents.Processes;

internal static partial class NativeMethods
{
    internal const int SigKill = 9;

    /// <summary>POSIX <c>kill(2)</c>; a negative pid names a process group.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
