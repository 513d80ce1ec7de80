namespace Automations.Agents.Commands;

/// <summary>
/// The whole environment an agent gets (CONTRACT.md, "Agents' environment"): PATH, LANG, a HOME of its
/// session, the AUTOMATIONS_* variables and its own Env entries. Nothing else of the engine's.
/// </summary>
public static class AgentEnvironment
{
    public const string SessionIdVariable = "AUTOMATIONS_SESSION_ID";
    public const string PromptFileVariable = "AUTOMATIONS_PROMPT_FILE";

    /// <summary>A file a command agent writes its question to, before it exits, to wait for a person's answer.</summary>
    public const string QuestionFileVariable = "AUTOMATIONS_QUESTION_FILE";

    public static IReadOnlyDictionary<string, string> Build(string sessionId, string home, string promptFile, IEnumerable<KeyValuePair<string, string>> own)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = Environment.GetEnvironmentVariable("LANG") is { Length: > 0 } lang ? lang : "C.UTF-8",
            ["HOME"] = home,
            [SessionIdVariable] = sessionId,
            [PromptFileVariable] = promptFile,
        };
        foreach (var (key, value) in own)
        {
            environment[key] = value;
        }

        return environment;
    }
}
