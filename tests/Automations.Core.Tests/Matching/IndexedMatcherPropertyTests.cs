using System.Globalization;
using System.Text;
using System.Text.Json;
using Automations.Core.Definitions;
using Automations.Core.Events;
using FsCheck;
using FsCheck.Fluent;

namespace Automations.Core.Tests.Matching;

/// <summary>
/// <see cref="DefinitionSet.Match"/> goes through a kind index (exact kind and each dotted prefix); here it is
/// compared with a plain scan of every enabled definition over random sets and events drawn from a small
/// vocabulary, so that kinds, prefixes and <c>where</c> values collide often.
/// </summary>
public sealed class IndexedMatcherPropertyTests
{
    private const int Cases = 600;

    /// <summary>Per source, what a trigger may listen to: full kinds and prefixes (as written after the source).</summary>
    private static readonly string[] GitHubEvents =
        ["issues", "issues.labeled", "issues.opened", "pull_request", "pull_request.opened", "issue_comment.created", "push"];

    private static readonly (string Resource, string? Action)[] SentryEvents =
        [("issue", null), ("issue", "created"), ("issue", "resolved"), ("error", null), ("error", "created")];

    private static readonly string[] LinearEvents = ["Issue", "Issue.create", "Issue.update", "Comment.create"];

    private static readonly string[] SlackEvents = ["app_mention", "message"];

    /// <summary>Event kinds, including ones no trigger names exactly, a bare source and a different case.</summary>
    private static readonly string[] EventKinds =
    [
        "github.issues.labeled", "github.issues.opened", "github.issues.closed", "github.issues",
        "github.pull_request.opened", "github.pull_request.closed", "github.issue_comment.created", "github.push",
        "github.issuesx.opened", "github",
        "sentry.issue.created", "sentry.issue.resolved", "sentry.error.created", "sentry.metric_alert.critical",
        "linear.Issue.create", "linear.Issue.update", "linear.issue.create", "linear.Comment.create",
        "slack.app_mention", "slack.message", "slack.reaction_added",
    ];

    private static readonly string[] LabelNames = ["autofix", "bug", "docs"];

    private static readonly string[] States = ["open", "closed"];

    [Fact]
    public void Match_EqualsAPlainScanOfEveryEnabledDefinition()
    {
        var cases = 0;
        var nonEmpty = 0;
        var property = Prop.ForAll(Arb.From(Scenarios()), scenario =>
        {
            var set = DefinitionSet.Create(scenario.Definitions.Select(d => (d.File, DefinitionParser.Parse(d.File, d.Yaml))));
            Assert.Empty(set.Errors);
            Assert.Equal(scenario.Definitions.Count, set.Definitions.Count);

            var triggerEvent = scenario.Event.ToTriggerEvent();
            var actual = set.Match(triggerEvent).Select(d => d.Name).ToList();
            var expected = ReferenceMatch(set.Definitions, triggerEvent).Select(d => d.Name).ToList();

            cases++;
            nonEmpty += expected.Count > 0 ? 1 : 0;
            return actual.SequenceEqual(expected, StringComparer.Ordinal);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);

        Assert.True(cases >= Cases, $"only {cases} cases ran");
        // The vocabulary is small on purpose: a good share of events must start something, or the test says little.
        Assert.True(nonEmpty * 4 >= cases, $"only {nonEmpty} of {cases} events matched any definition");
        Assert.True(nonEmpty < cases, "every event matched something: the generator never tests a miss");
    }

    /// <summary>Scans every enabled definition in order; a trigger kind covers the event kind when equal or a whole-part prefix.</summary>
    private static List<AutomationDefinition> ReferenceMatch(IEnumerable<AutomationDefinition> definitions, TriggerEvent triggerEvent) =>
        [.. definitions.Where(d => d.Enabled && d.Triggers.Any(t =>
            t.Kinds.Any(k => Covers(k, triggerEvent.Kind)) && t.Where.Matches(triggerEvent)))];

    private static bool Covers(string triggerKind, string eventKind) =>
        string.Equals(eventKind, triggerKind, StringComparison.OrdinalIgnoreCase)
        || eventKind.StartsWith(triggerKind + ".", StringComparison.OrdinalIgnoreCase);

    private static Gen<Scenario> Scenarios() =>
        from count in Gen.Choose(1, 30)
        from definitions in Gen.ListOf(DefinitionYaml(), count)
        from triggerEvent in Events()
        select new Scenario(
            [.. definitions.Select((yaml, i) => new DefinitionFile($"d{i:D2}.yaml", yaml))],
            triggerEvent);

    private static Gen<string> DefinitionYaml() =>
        from enabled in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from count in Gen.Choose(1, 3)
        from triggers in Gen.ListOf(Trigger(), count)
        select "repository: acme/web\n"
            + "agent: { use: claude }\n"
            + "instructions: Fix it.\n"
            + (enabled ? "" : "enabled: false\n")
            + "on:\n"
            + string.Concat(triggers.Select(t => $"  - {t}\n"));

    private static Gen<string> Trigger() =>
        from source in Gen.OneOf(
            Gen.Elements(GitHubEvents).Select(e => $"github: {{ event: {e}"),
            Gen.Elements(SentryEvents).Select(e => e.Action is null
                ? $"sentry: {{ resource: {e.Resource}"
                : $"sentry: {{ resource: {e.Resource}, action: {e.Action}"),
            Gen.Elements(LinearEvents).Select(e => $"linear: {{ event: {e}"),
            Gen.Elements(SlackEvents).Select(e => $"slack: {{ event: {e}"),
            // Several kinds in one trigger.
            Gen.Zip(Gen.Elements(GitHubEvents), Gen.Elements(GitHubEvents))
                .Where(p => p.Item1 != p.Item2)
                .Select(p => $"github: {{ event: [{p.Item1}, {p.Item2}]")
            )
        from filter in Gen.Frequency((2, Gen.Constant("")), (3, Where()))
        select source + (filter.Length == 0 ? "" : $", where: {{ {filter} }}") + " }";

    private static Gen<string> Where()
    {
        var label = Condition(LabelNames).Select(c => $"payload.label.name: {c}");
        var state = Condition(States).Select(c => $"subject.state: {c}");
        return Gen.OneOf(label, state, Gen.Zip(label, state).Select(p => $"{p.Item1}, {p.Item2}"));
    }

    /// <summary>Equality, any-of, or not (of one value or of a list).</summary>
    private static Gen<string> Condition(string[] vocabulary)
    {
        var one = Gen.Elements(vocabulary);
        var list = Gen.Zip(one, one).Select(p => $"[{p.Item1}, {p.Item2}]");
        return Gen.OneOf(
            one,
            list,
            one.Select(v => $"{{ not: {v} }}"),
            list.Select(l => $"{{ not: {l} }}"));
    }

    private static Gen<EventSpec> Events() =>
        from kind in Gen.Elements(EventKinds)
        from label in Gen.Elements<string?>([.. LabelNames, null])
        from state in Gen.Elements<string?>([.. States, null])
        select new EventSpec(kind, label, state);

    private sealed record DefinitionFile(string File, string Yaml)
    {
        public override string ToString() => $"--- {File}\n{Yaml}";
    }

    private sealed record Scenario(IReadOnlyList<DefinitionFile> Definitions, EventSpec Event)
    {
        public override string ToString()
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"event: {Event}");
            foreach (var definition in Definitions)
            {
                text.Append(definition);
            }

            return text.ToString();
        }
    }

    private sealed record EventSpec(string Kind, string? Label, string? State)
    {
        public TriggerEvent ToTriggerEvent()
        {
            var payload = Label is null
                ? """{ "action": "edited" }"""
                : "{ \"action\": \"labeled\", \"label\": { \"name\": " + JsonSerializer.Serialize(Label) + " } }";
            using var document = JsonDocument.Parse(payload);
            return new TriggerEvent
            {
                Source = Kind.Split('.')[0],
                Kind = Kind,
                DeliveryId = "d-1",
                OccurredAt = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero),
                Repository = "acme/web",
                Actor = "octocat",
                Subject = new EventSubject { Type = "issue", Id = "1", Number = 1, State = State },
                Payload = document.RootElement.Clone(),
            };
        }
    }
}
