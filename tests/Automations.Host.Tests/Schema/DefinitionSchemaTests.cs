using Automations.Core.Definitions;
using Automations.Host.Tests.Cli;

namespace Automations.Host.Tests.Schema;

/// <summary>
/// The definitions' JSON Schema: the checked-in copy is what the engine generates, it accepts every example, and it
/// refuses what <c>validate</c> refuses, as far as a schema can say. Definitions are read as the YAML language server
/// reads them (<see cref="YamlJson"/>).
/// </summary>
public sealed class DefinitionSchemaTests
{
    private static readonly string[] Agents = ["claude", "codex", "example"];

    private static string Definition(string on = "  - github: { event: issues.labeled }", string agent = "{ use: claude }", string extra = "") =>
        $"name: probe\non:\n{on}\nrepository: acme/web\nagent: {agent}\ninstructions: |\n  Fix {{{{ event.subject.title }}}}.\n{extra}";

    public static TheoryData<string, string> Refused => new()
    {
        { "unknown key", Definition(extra: "repositry: acme/api\n") },
        { "missing instructions", "repository: acme/web\nagent: { use: claude }\n" },
        { "missing agent.use", Definition(agent: "{ model: x }") },
        { "agent as text", Definition(agent: "claude") },
        { "unknown agent key", Definition(agent: "{ use: claude, timeot: 30m }") },
        { "enabled not a boolean", Definition(extra: "enabled: maybe\n") },
        { "name with a space", Definition(extra: "name: my automation\n").Replace("name: probe\n", "", StringComparison.Ordinal) },
        { "duration not a duration", Definition(agent: "{ use: claude, timeout: soon }") },
        { "max_turns zero", Definition(agent: "{ use: claude, max_turns: 0 }") },
        { "max_turns text", Definition(agent: "{ use: claude, max_turns: many }") },
        { "on as text", Definition(on: "  github") },
        { "unknown source", Definition(on: "  - gitlab: { event: push }") },
        { "two sources in one entry", Definition(on: "  - { github: { event: issues }, slack: { event: app_mention } }") },
        { "GitHub event typo", Definition(on: "  - github: { event: issue.labeled }") },
        { "Linear action typo", Definition(on: "  - linear: { event: Issue.creat }") },
        { "Slack event typo", Definition(on: "  - slack: { event: app_mentions }") },
        { "Sentry action typo", Definition(on: "  - sentry: { resource: issue, action: createdd }") },
        { "Sentry resource typo", Definition(on: "  - sentry: { resource: isue }") },
        { "Sentry action of another resource", Definition(on: "  - sentry: { resource: installation, action: resolved }") },
        { "event missing", Definition(on: "  - github: { where: { repository: acme/web } }") },
        { "webhook secret written in the file", Definition(on: "  - webhook: { endpoint: deploys, secret: hunter2 }") },
        { "webhook endpoint with a slash", Definition(on: "  - webhook: { endpoint: a/b, secret: env:HOOK }") },
        { "schedule without cron", Definition(on: "  - schedule: { timezone: UTC }") },
        { "catch_up unknown", Definition(on: "  - schedule: { cron: \"0 9 * * *\", catch_up: sometimes }") },
        { "where operator typo", Definition(on: "  - github: { event: issues, where: { payload.label.name: { globb: auto* } } }") },
        { "where empty list", Definition(on: "  - github: { event: issues, where: { payload.label.name: [] } }") },
        { "unknown action", Definition(extra: "actions:\n  - pull_requst: { draft: true }\n") },
        { "slack without channel", Definition(extra: "actions:\n  - slack: {}\n") },
        { "slack alone", Definition(extra: "actions:\n  - slack\n") },
        { "webhook action without url", Definition(extra: "actions:\n  - webhook: { secret: env:HOOK }\n") },
        { "comment on unknown", Definition(extra: "actions:\n  - comment: { on: jira }\n") },
        { "draft not a boolean", Definition(extra: "actions:\n  - pull_request: { draft: soon }\n") },
        { "on_conflict unknown", Definition(extra: "concurrency: { max: 1, on_conflict: wait }\n") },
        { "budget without daily_usd", Definition(extra: "budget: { weekly_usd: 5 }\n") },
        { "budget negative", Definition(extra: "budget: { daily_usd: -5 }\n") },
        { "retries negative", Definition(extra: "follow_up: { ci_failed: { retries: -1 } }\n") },
        { "actors empty", Definition(extra: "actors: []\n") },
        { "conflicts typo", Definition(extra: "follow_up: { conflict: { retries: 1 } }\n") },
        { "merge method typo", Definition(extra: "merge: { when: approved_and_green, method: sqash }\n") },
        { "merge when unknown", Definition(extra: "merge: { when: approved }\n") },
        { "notify when typo", Definition(extra: "notify:\n  - { when: [needs_inpt], slack: \"#a\" }\n") },
        { "notify without slack", Definition(extra: "notify:\n  - { when: [errored] }\n") },
        { "escalate_after not a duration", Definition(extra: "notify:\n  - { when: [stuck], slack: \"#a\" }\nescalate_after: soon\n") },
    };

    /// <summary>What only the engine can check: the schema takes these, <c>validate</c> does not.</summary>
    public static TheoryData<string, string> BeyondTheSchema => new()
    {
        { "a template path the event model does not have", Definition(extra: "concurrency: { key: \"{{ event.subjcet.id }}\" }\n") },
        { "an agent the configuration does not name", Definition(agent: "{ use: nosuchagent }") },
        { "a cron field out of range", Definition(on: "  - schedule: { cron: \"0 25 * * *\" }") },
        { "an unknown time zone", Definition(on: "  - schedule: { cron: \"0 9 * * *\", timezone: Mars/Olympus }") },
        { "a duration of zero", Definition(agent: "{ use: claude, timeout: 0m }") },
        { "the same endpoint twice in a file", Definition(on: "  - webhook: { endpoint: deploys, secret: env:A }\n  - webhook: { endpoint: Deploys, secret: env:B }") },
        { "a second pull request", Definition(extra: "actions:\n  - pull_request\n  - pull_request\n") },
        { "a regex that does not compile", Definition(on: "  - github: { event: issues, where: { subject.title: { regex: \"(\" } } }") },
        { "a branch name git refuses", Definition(extra: "branch: a..b\n") },
        { "escalate_after without notify", Definition(extra: "escalate_after: 30m\n") },
    };

    [Fact]
    public async Task Schema_CheckedInCopy_IsWhatTheEngineGenerates()
    {
        var (exitCode, output, error) = await CommandLine.RunAsync(CommandLine.RepositoryRoot(), null, "schema");

        Assert.True(exitCode == 0, error);
        Assert.Equal(DefinitionSchema.Text(), output);
        Assert.True(
            output == await File.ReadAllTextAsync(DefinitionSchemaFiles.CheckedInPath),
            "docs/automations.schema.json is not what the engine generates: run `dotnet run --project src/Automations.Host -- schema --output docs/automations.schema.json`");
    }

    [Fact]
    public void Schema_AcceptsEveryExample_AndValidateDoesToo()
    {
        var schema = DefinitionSchemaFiles.CheckedIn();
        var examples = DefinitionSchemaFiles.Examples().ToList();

        Assert.True(examples.Count >= 5, $"only {examples.Count} examples found");
        foreach (var (where, yaml) in examples)
        {
            var (valid, errors) = DefinitionSchemaFiles.Evaluate(schema, yaml);
            Assert.True(valid, $"{where}: the schema refuses it:\n{errors}");
            Assert.True(DefinitionParser.Parse(where, yaml, Agents).Errors.Count == 0, $"{where}: {string.Join("\n", DefinitionParser.Parse(where, yaml, Agents).Errors)}");
        }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Schema_RefusesWhatValidateRefuses(string what, string yaml)
    {
        Assert.True(DefinitionParser.Parse("probe.yaml", yaml, Agents).Errors.Count > 0, $"validate takes {what}");
        Assert.False(DefinitionSchemaFiles.Evaluate(DefinitionSchemaFiles.CheckedIn(), yaml).Valid, $"the schema takes {what}");
    }

    [Theory]
    [MemberData(nameof(BeyondTheSchema))]
    public void Schema_CannotExpressWhatOnlyTheEngineKnows_ValidateRefusesIt(string what, string yaml)
    {
        // A schema sees one file's shape: not the event model's paths, the engine's configuration, cron or time
        // zone semantics, uniqueness across entries, or a regex's syntax. Should it learn one, move the case above.
        Assert.True(DefinitionParser.Parse("probe.yaml", yaml, Agents).Errors.Count > 0, $"validate takes {what}");
        var (valid, errors) = DefinitionSchemaFiles.Evaluate(DefinitionSchemaFiles.CheckedIn(), yaml);
        Assert.True(valid, $"the schema now refuses {what}; move it to Refused:\n{errors}");
    }
}
