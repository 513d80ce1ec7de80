using Automations.Core.Definitions.Actions;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>The readers of <c>actions</c> and <c>follow_up</c>; <c>merge</c> and <c>notify</c> are in DefinitionParser.Reactions.cs.</summary>
public static partial class DefinitionParser
{
    private const string ActionsExample = "actions: [ { pull_request: { draft: true } }, { slack: { channel: \"#alerts\" } }, { comment: { on: trigger } } ]";

    internal static readonly string[] ActionKinds = ["pull_request", "slack", "comment", "webhook"];
    internal static readonly string[] PullRequestKeys = ["title", "body", "draft", "labels", "reviewers"];
    internal static readonly string[] SlackKeys = ["channel"];
    internal static readonly string[] CommentKeys = ["on", "body"];
    internal static readonly string[] CommentTargets = ["trigger", "github", "linear"];
    internal static readonly string[] WebhookActionKeys = ["url", "secret"];
    internal static readonly string[] FollowUpKeys = ["ci_failed", "changes_requested", "conflicts"];
    internal static readonly string[] RetriesKeys = ["retries"];

    /// <summary><c>actions:</c> a list of one-key mappings (<c>- pull_request: {…}</c>), or a kind alone (<c>- pull_request</c>).</summary>
    private static IReadOnlyList<ActionSpec> Actions(YamlNode node, ParseContext context)
    {
        if (ParseContext.IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            context.Error(node, $"'actions' is a list, such as {ActionsExample}");
            return [];
        }

        var actions = new List<ActionSpec>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in sequence)
        {
            var (kindNode, settings) = item switch
            {
                YamlScalarNode scalar => (scalar, null),
                YamlMappingNode { Children.Count: 1 } single => (single.Children[0].Key, single.Children[0].Value),
                _ => ((YamlNode?)null, (YamlNode?)null),
            };
            if (kindNode is not YamlScalarNode { Value: { } kind } || !ActionKinds.Contains(kind, StringComparer.Ordinal))
            {
                var written = (kindNode as YamlScalarNode)?.Value;
                var suggestion = written is null ? null : Suggestions.Closest(written, ActionKinds);
                context.Error(kindNode ?? item, written is null
                    ? $"an action is one of {string.Join(", ", ActionKinds)} with its settings, such as - slack: {{ channel: \"#alerts\" }}"
                    : $"unknown action '{written}'{(suggestion is null ? $"; actions are {string.Join(", ", ActionKinds)}" : $" (did you mean '{suggestion}'?)")}");
                continue;
            }

            var count = counts[kind] = counts.GetValueOrDefault(kind) + 1;
            if (count > 1 && kind is "pull_request" or "slack")
            {
                context.Error(kindNode, $"only one '{kind}' action: a session has one {(kind == "slack" ? "Slack thread" : "pull request")}");
                continue;
            }

            var key = count == 1 ? kind : $"{kind}#{count}";
            var mapping = settings is null || ParseContext.IsNull(settings) ? new YamlMappingNode() : settings as YamlMappingNode;
            if (mapping is null)
            {
                context.Error(settings!, $"'{kind}' takes a mapping of settings, such as {ActionsExample}");
                continue;
            }

            ActionSpec? action = kind switch
            {
                "pull_request" => PullRequest(mapping, key, context),
                "slack" => Slack(kindNode, mapping, key, context),
                "comment" => Comment(mapping, key, context),
                _ => WebhookAction(kindNode, mapping, key, context),
            };
            if (action is not null)
            {
                actions.Add(action);
            }
        }

        return actions;
    }

    private static PullRequestAction? PullRequest(YamlMappingNode mapping, string key, ParseContext context)
    {
        var errors = context.ErrorCount;
        var entries = context.Entries(mapping, PullRequestKeys, "pull_request");
        var title = entries.TryGetValue("title", out var titleNode) ? Template(titleNode, "title", context) : PullRequestAction.DefaultTitle;
        var body = entries.TryGetValue("body", out var bodyNode) ? Template(bodyNode, "body", context) : null;
        var draft = entries.TryGetValue("draft", out var draftNode) ? context.Boolean(draftNode, "draft") : false;
        var labels = entries.TryGetValue("labels", out var labelsNode) ? Texts(labelsNode, "labels", context) : [];
        var reviewers = entries.TryGetValue("reviewers", out var reviewersNode) ? Texts(reviewersNode, "reviewers", context) : [];
        return context.ErrorCount == errors && title is not null && draft is not null
            ? new PullRequestAction { Key = key, Title = title, Body = body, Draft = draft.Value, Labels = labels, Reviewers = reviewers }
            : null;
    }

    private static SlackAction? Slack(YamlNode kindNode, YamlMappingNode mapping, string key, ParseContext context)
    {
        var entries = context.Entries(mapping, SlackKeys, "slack");
        if (!entries.TryGetValue("channel", out var channelNode))
        {
            context.Error(kindNode, "'slack' needs 'channel', such as slack: { channel: \"#alerts\" }");
            return null;
        }

        return context.Text(channelNode, "channel") is { } channel ? new SlackAction { Key = key, Channel = channel } : null;
    }

    private static CommentAction? Comment(YamlMappingNode mapping, string key, ParseContext context)
    {
        var errors = context.ErrorCount;
        var entries = context.Entries(mapping, CommentKeys, "comment");
        var target = CommentTarget.Trigger;
        if (entries.TryGetValue("on", out var onNode) && context.Text(onNode, "on") is { } on)
        {
            switch (on.ToLowerInvariant())
            {
                case "trigger":
                    break;
                case "github":
                    target = CommentTarget.GitHub;
                    break;
                case "linear":
                    target = CommentTarget.Linear;
                    break;
                default:
                    var suggestion = Suggestions.Closest(on, CommentTargets);
                    context.Error(onNode, $"'on' is trigger, github or linear, not '{on}'{(suggestion is null ? "" : $" (did you mean '{suggestion}'?)")}");
                    break;
            }
        }

        var body = entries.TryGetValue("body", out var bodyNode) ? Template(bodyNode, "body", context) : null;
        return context.ErrorCount == errors ? new CommentAction { Key = key, On = target, Body = body } : null;
    }

    private static WebhookAction? WebhookAction(YamlNode kindNode, YamlMappingNode mapping, string key, ParseContext context)
    {
        var errors = context.ErrorCount;
        var entries = context.Entries(mapping, WebhookActionKeys, "webhook");
        Uri? url = null;
        if (!entries.TryGetValue("url", out var urlNode))
        {
            context.Error(kindNode, "'webhook' needs 'url', such as webhook: { url: \"https://example.com/hooks/automations\", secret: env:RESULT_HOOK_SECRET }");
        }
        else if (context.Text(urlNode, "url") is { } text)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http")
            {
                url = parsed;
            }
            else
            {
                context.Error(urlNode, $"'url' must be an absolute http or https URL, not '{text}'");
            }
        }

        var secret = entries.TryGetValue("secret", out var secretNode) ? WebhookTriggerParser.SecretVariable(secretNode, context) : null;
        return context.ErrorCount == errors && url is not null ? new WebhookAction { Key = key, Url = url, SecretVariable = secret } : null;
    }

    private static FollowUpSpec? FollowUp(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'follow_up' must be a mapping, such as follow_up: { ci_failed: { retries: 2 }, changes_requested: { retries: 3 } }");
            return null;
        }

        var errors = context.ErrorCount;
        var entries = context.Entries(mapping, FollowUpKeys, "follow_up");
        var ci = entries.TryGetValue("ci_failed", out var ciNode) ? Retries(ciNode, "ci_failed", context) : 0;
        var review = entries.TryGetValue("changes_requested", out var reviewNode) ? Retries(reviewNode, "changes_requested", context) : 0;
        int? conflicts = entries.TryGetValue("conflicts", out var conflictsNode) ? Retries(conflictsNode, "conflicts", context) : null;
        return context.ErrorCount == errors ? new FollowUpSpec { CiFailedRetries = ci, ChangesRequestedRetries = review, ConflictsRetries = conflicts } : null;
    }

    private static int Retries(YamlNode node, string name, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, $"'{name}' must be a mapping, such as {name}: {{ retries: 2 }}");
            return 0;
        }

        var entries = context.Entries(mapping, RetriesKeys, name);
        if (!entries.TryGetValue("retries", out var retriesNode))
        {
            context.Error(node, $"'{name}' needs 'retries', such as {name}: {{ retries: 2 }}");
            return 0;
        }

        // 0 is allowed: the session follows the pull request but never starts a turn for it.
        if (retriesNode is YamlScalarNode { Value: "0" })
        {
            return 0;
        }

        return context.PositiveInteger(retriesNode, "retries") ?? 0;
    }

    /// <summary>One text or a list of texts.</summary>
    private static IReadOnlyList<string> Texts(YamlNode node, string name, ParseContext context) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Select(item => context.Text(item, name)).OfType<string>()],
        YamlMappingNode => Report(node, $"'{name}' is a list of names, such as {name}: [octocat, acme/reviewers]", context),
        _ => context.Text(node, name) is { } single ? [single] : [],
    };

    private static IReadOnlyList<string> Report(YamlNode node, string message, ParseContext context)
    {
        context.Error(node, message);
        return [];
    }
}
