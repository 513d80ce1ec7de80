using System.Globalization;
using System.Text;
using System.Text.Json;
using Automations.Core.Definitions;
using Automations.Core.Events;
using BenchmarkDotNet.Attributes;

namespace Automations.Bench.Matching;

/// <summary>
/// <see cref="DefinitionSet.Match"/> for one event against N enabled automations, parsed from YAML once:
/// spread over 50 GitHub kinds (some as prefixes such as <c>issues</c>), Sentry, Linear and Slack kinds, most
/// with a <c>where</c> on labels, severity or team. The events: a 12 KB GitHub <c>issues.labeled</c> delivery
/// (label <c>autofix</c>) that starts a few of them, and a GitHub event no automation listens to.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MatchBenchmarks
{
    private const int PayloadBytes = 12_288;
    private const int Seed = 20_261_121;

    /// <summary>50 GitHub kinds, as written after <c>github.</c> (event or event.action).</summary>
    private static readonly string[] GitHubKinds =
    [
        "issues.opened", "issues.edited", "issues.closed", "issues.reopened", "issues.labeled", "issues.unlabeled",
        "issues.assigned", "issues.unassigned", "issues.milestoned", "issues.transferred",
        "issue_comment.created", "issue_comment.edited", "issue_comment.deleted",
        "pull_request.opened", "pull_request.edited", "pull_request.closed", "pull_request.reopened",
        "pull_request.synchronize", "pull_request.labeled", "pull_request.unlabeled", "pull_request.ready_for_review",
        "pull_request.review_requested", "pull_request.converted_to_draft",
        "pull_request_review.submitted", "pull_request_review.dismissed", "pull_request_review_comment.created",
        "check_run.completed", "check_run.created", "check_suite.completed", "check_suite.requested",
        "workflow_run.completed", "workflow_run.requested", "workflow_job.completed", "workflow_job.queued",
        "push", "create", "delete", "release.published", "release.created", "deployment.created",
        "deployment_status.created", "discussion.created", "discussion_comment.created", "fork", "member.added",
        "repository.created", "security_advisory.published", "dependabot_alert.created",
        "code_scanning_alert.created", "secret_scanning_alert.created",
    ];

    /// <summary>Kind prefixes: every action of the event.</summary>
    private static readonly string[] GitHubPrefixes = ["issues", "pull_request", "issue_comment", "check_run", "workflow_run", "release"];

    private static readonly string[] Labels =
    [
        "autofix", "bug", "docs", "enhancement", "good first issue", "help wanted", "needs-triage", "p0", "p1", "p2",
        "security", "performance", "flaky-test", "dependencies", "ui", "backend", "frontend", "infra", "ci", "question",
    ];

    private static readonly string[] SentryResources = ["issue", "error", "metric_alert", "event_alert"];

    /// <summary>Each resource's actions, as Sentry documents them (definitions are checked against them).</summary>
    private static readonly Dictionary<string, string[]> SentryActions = new(StringComparer.Ordinal)
    {
        ["issue"] = ["created", "resolved", "assigned", "archived"],
        ["error"] = ["created"],
        ["metric_alert"] = ["critical", "resolved"],
        ["event_alert"] = ["triggered"],
    };

    private static readonly string[] LinearKinds = ["Issue.create", "Issue.update", "Issue.remove", "Comment.create", "Project.update", "Issue"];
    private static readonly string[] LinearTeams = ["ENG", "WEB", "OPS", "MOB", "DATA"];
    private static readonly string[] SlackKinds = ["app_mention", "message", "reaction_added"];

    private DefinitionSet _set = DefinitionSet.Empty;
    private TriggerEvent _labeled = null!;
    private TriggerEvent _unmatched = null!;

    [Params(100, 1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Seed);
        var files = new List<(string File, DefinitionParseResult Result)>(N);
        for (var i = 0; i < N; i++)
        {
            var file = string.Create(CultureInfo.InvariantCulture, $"automation-{i:D5}.yaml");
            files.Add((file, DefinitionParser.Parse(file, Definition(random))));
        }

        _set = DefinitionSet.Create(files);
        if (_set.Errors.Count > 0 || _set.Definitions.Count != N)
        {
            throw new InvalidOperationException("The generated definitions do not parse: " + string.Join("\n", _set.AllErrors));
        }

        var payload = Payload();
        _labeled = Event("github.issues.labeled", payload);
        _unmatched = Event("github.star.created", payload);

        var matched = _set.Match(_labeled).Count;
        if (matched == 0 || _set.Match(_unmatched).Count != 0)
        {
            throw new InvalidOperationException($"The labeled event starts {matched} automations; it should start some, the other none.");
        }

        Console.WriteLine($"// N = {N}: issues.labeled starts {matched} automations; payload {PayloadBytes} bytes");
    }

    /// <summary>A 12 KB issues.labeled delivery that starts a few automations.</summary>
    [Benchmark(Baseline = true)]
    public int IssuesLabeled() => _set.Match(_labeled).Count;

    /// <summary>An event of a kind no automation listens to.</summary>
    [Benchmark]
    public int Unmatched() => _set.Match(_unmatched).Count;

    private static string Definition(Random random)
    {
        var yaml = new StringBuilder("repository: acme/web\nagent: { use: claude }\ninstructions: Look at {{ event.subject.title }}.\non:\n");
        var triggers = random.Next(10) == 0 ? 2 : 1;
        for (var t = 0; t < triggers; t++)
        {
            yaml.Append("  - ").Append(Trigger(random)).Append('\n');
        }

        return yaml.ToString();
    }

    private static string Trigger(Random random)
    {
        var roll = random.Next(100);
        if (roll < 70)
        {
            var kind = random.Next(10) == 0 ? Pick(random, GitHubPrefixes) : Pick(random, GitHubKinds);
            var where = random.Next(4) switch
            {
                0 => "",
                1 => $", where: {{ payload.label.name: \"{Pick(random, Labels)}\" }}",
                2 => $", where: {{ subject.labels: [\"{Pick(random, Labels)}\", \"{Pick(random, Labels)}\"] }}",
                _ => $", where: {{ payload.label.name: \"{Pick(random, Labels)}\", payload.sender.type: {{ not: Bot }} }}",
            };
            return $"github: {{ event: {kind}{where} }}";
        }

        if (roll < 85)
        {
            var resource = Pick(random, SentryResources);
            var action = random.Next(5) == 0 ? "" : $", action: {Pick(random, SentryActions[resource])}";
            var where = random.Next(2) == 0 ? ", where: { subject.severity: [error, fatal] }" : "";
            return $"sentry: {{ resource: {resource}{action}{where} }}";
        }

        if (roll < 95)
        {
            return $"linear: {{ event: {Pick(random, LinearKinds)}, where: {{ payload.data.team.key: {Pick(random, LinearTeams)} }} }}";
        }

        return $"slack: {{ event: {Pick(random, SlackKinds)} }}";
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    /// <summary>The ingest benchmark's delivery, its issue body padded so the whole is 12,288 bytes.</summary>
    private static string Payload()
    {
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "issues-labeled.template.json"));
        var compact = string.Concat(template.Split('\n').Select(line => line.TrimStart()));
        const string Marker = "__ISSUE_BODY__";
        const string Line = "Steps to reproduce: open the checkout page, add an item, apply a coupon and press pay. ";
        var needed = Math.Max(0, PayloadBytes - (Encoding.UTF8.GetByteCount(compact) - Marker.Length));
        var body = string.Concat(Enumerable.Repeat(Line, (needed / Line.Length) + 1))[..needed];
        return compact.Replace(Marker, body, StringComparison.Ordinal);
    }

    private static TriggerEvent Event(string kind, string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        var labels = root.GetProperty("issue").GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToList();
        return new TriggerEvent
        {
            Source = "github",
            Kind = kind,
            DeliveryId = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
            OccurredAt = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero),
            Repository = "acme/web",
            Actor = "triage-lead",
            Subject = new EventSubject
            {
                Type = "issue",
                Id = "3620471185",
                Number = 4127,
                Title = root.GetProperty("issue").GetProperty("title").GetString(),
                Url = "https://github.com/acme/web/issues/4127",
                Labels = labels,
                State = "open",
            },
            Payload = root.Clone(),
        };
    }
}
