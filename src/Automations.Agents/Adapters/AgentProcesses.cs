using Automations.Agents.Commands;
using Automations.Agents.Processes;
using Automations.Agents.Sandbox;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters;

/// <summary>
/// How an agent's processes are started: in the sandbox, seeing the session's checkout and HOME (both
/// writable), its prompt (read-only) and question file (writable), the object store its checkout borrows
/// (read-only) and the agent's own installation; with the network its configuration allows.
/// </summary>
internal sealed class AgentProcesses(IProcessSandbox sandbox)
{
    public const string PromptFile = "prompt.md";
    public const string QuestionFile = "question.md";

    public IProcessSandbox Sandbox => sandbox;

    /// <summary>The prompt file, written for the agent to read.</summary>
    public static string PromptPath(AgentRun run) => Path.Combine(run.SessionDirectory, PromptFile);

    public static string QuestionPath(AgentRun run) => Path.Combine(run.SessionDirectory, QuestionFile);

    /// <summary>Makes the session's folders and files the agent uses, each the sandbox user's where it writes them.</summary>
    public async Task PrepareAsync(AgentRun run, string prompt, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(run.SessionDirectory);
        if (!Directory.Exists(run.HomeDirectory))
        {
            Directory.CreateDirectory(run.HomeDirectory);
            sandbox.HandOver(run.HomeDirectory);
        }

        await File.WriteAllTextAsync(PromptPath(run), prompt, cancellationToken);
        var question = QuestionPath(run);
        File.Delete(question);
        await File.WriteAllBytesAsync(question, [], cancellationToken);
        sandbox.HandOver(question);
    }

    /// <summary>The process to start for <paramref name="spec"/>, with what the sandbox lets it see.</summary>
    public ProcessSpec Confine(ProcessSpec spec, AgentRun run, AgentOptions options) =>
        sandbox.Wrap(spec, new SandboxMounts
        {
            WorkingDirectory = run.WorkingDirectory,
            Writable = [run.HomeDirectory, QuestionPath(run), .. options.WritablePaths.Select(Path.GetFullPath)],
            ReadOnly = [PromptPath(run), .. run.ObjectStore is { } objects ? [objects] : Array.Empty<string>()],
            Programs = [spec.FileName],
            Network = NetworkPolicy.Parse(options.Network) ?? NetworkAccess.None,
            StateDirectory = run.SessionDirectory,
            Home = run.HomeDirectory,
        });

    /// <summary>
    /// The question the agent left, if any. The file is read only if it is still a plain file of the
    /// session's: an unconfined agent could have swapped it for a link to a file of the engine's.
    /// </summary>
    public static async Task<string?> ReadQuestionAsync(AgentRun run)
    {
        const int Max = 64 * 1024;
        var info = new FileInfo(QuestionPath(run));
        if (!info.Exists || info.LinkTarget is not null || info.Length == 0)
        {
            return null;
        }

        await using var file = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
        var buffer = new byte[(int)Math.Min(info.Length, Max)];
        await file.ReadExactlyAsync(buffer, CancellationToken.None);
        var text = System.Text.Encoding.UTF8.GetString(buffer).Trim();
        return text.Length == 0 ? null : info.Length > Max ? $"{text}\n… (the question was cut at {Max / 1024} KiB)" : text;
    }
}
