using System.CommandLine;
using System.Text.Json;
using Automations.Core.Actors;
using Automations.Core.Definitions;
using Automations.Core.Definitions.Actions;
using Automations.Core.Events;
using Automations.Core.Sources;
using Automations.Core.Templates;
using Automations.Core.Work;
using Automations.Host.Configuration;
using Automations.Host.Definitions;

namespace Automations.Host.Cli;

/// <summary>
/// <c>automations test</c>: a dry run. The payload is normalized as its source would normalize it, and
/// every automation says whether it matched and why; a match shows its rendered repository,
/// instructions and actions. Nothing is stored and nothing runs.
/// </summary>
public static class TestCommand
{
    private const string SessionIdPlaceholder = "<session-id>";

    public static Command Create()
    {
        // Checked in the action, not by the parser, so a missing one is one line that says what to give.
        var source = new Option<string?>("--source") { Description = "github, sentry, linear, slack or webhook." };
        source.AcceptOnlyFromAmong(DeliverySigner.Sources);
        var eventName = new Option<string?>("--event") { Description = "The provider's event (issues.labeled, issue.created, Issue.create, app_mention); for a custom webhook, its endpoint." };
        var payload = new Option<FileInfo?>("--payload") { Description = "The JSON body, as the provider sends it." };
        var automations = new Option<string?>("--automations") { Description = "The definitions folder or file (default: Automations:DefinitionsPath, as serve reads it)." };
        var expect = new Option<string[]>("--expect")
        {
            Description = "An automation that must start; repeat it for more, or give 'none'. The test fails (exit 1) when what would start differs.",
        };
        var command = new Command("test", "Dry run: which automations a payload matches, and what they would do.") { source, eventName, payload, automations, expect };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            var missing = new[] { ("--source", result.GetValue(source)), ("--event", result.GetValue(eventName)), ("--payload", result.GetValue(payload)?.FullName) }
                .Where(o => string.IsNullOrEmpty(o.Item2)).Select(o => o.Item1).ToList();
            if (missing.Count > 0)
            {
                Console.Error.WriteLine($"test: nothing to test: give the delivery as the provider sends it, with {string.Join(", ", missing)} (such as --source github --event issues.labeled --payload issue.json)");
                return 2;
            }

            using var configuration = EngineConfiguration.Read(result.UnmatchedTokens);
            var path = result.GetValue(automations) ?? EngineConfiguration.DefinitionsPath(configuration);
            return Run(result.GetValue(source)!, result.GetValue(eventName)!, result.GetValue(payload)!, path, EngineConfiguration.Agents(configuration), Console.Out, result.GetValue(expect) ?? []);
        });
        return command;
    }

    internal static int Run(string sourceName, string eventName, FileInfo payload, string automationsPath, IReadOnlyCollection<string> agents, TextWriter output, IReadOnlyList<string> expected)
    {
        if (!payload.Exists)
        {
            Console.Error.WriteLine($"test: {payload.FullName}: no such file");
            return 2;
        }

        if (!Directory.Exists(automationsPath) && !File.Exists(automationsPath))
        {
            Console.Error.WriteLine($"test: nothing to test: {Path.GetFullPath(automationsPath)}: no such file or folder");
            return 1;
        }

        var definitions = DefinitionFolder.Load(automationsPath, agents);
        foreach (var error in definitions.AllErrors)
        {
            output.WriteLine($"problem: {error}");
        }

        if (definitions.Definitions.Count == 0)
        {
            Console.Error.WriteLine(DefinitionFolder.Files(automationsPath).Count == 0
                ? $"test: nothing to test: no definition files (*.yaml, *.yml) in {Path.GetFullPath(automationsPath)}"
                : $"test: nothing to test: no valid automation in {Path.GetFullPath(automationsPath)} (problems above)");
            return 1;
        }

        var now = TimeProvider.System.GetUtcNow();
        var source = WebhookSources.Create(new SourcesOptions(), TimeProvider.System).Single(s => s.Name == sourceName);
        const string deliveryId = "dry-run";

        // The headers the provider would send; the signature is not checked in a dry run.
        var (body, headers) = DeliverySigner.Sign(sourceName, eventName, deliveryId, File.ReadAllBytes(payload.FullName), "dry-run-secret", now);
        var request = new WebhookRequest(sourceName, WebhookRequest.HeadersOf(headers), body) { Endpoint = sourceName == "webhook" ? eventName : null };
        var id = source.DeliveryId(request) ?? deliveryId;
        switch (source.Normalize(request, id, now))
        {
            case NormalizeResult.Normalized normalized:
                return TestExpectation.Check(expected, Report(normalized.Event, definitions, output), output);
            case NormalizeResult.Ignored ignored:
                output.WriteLine($"ignored: {ignored.Reason}; nothing would start");
                return TestExpectation.Check(expected, new Dictionary<string, string?>(), output);
            case NormalizeResult.Challenge:
                output.WriteLine("a handshake (url_verification): answered with its challenge; nothing would start");
                return TestExpectation.Check(expected, new Dictionary<string, string?>(), output);
            case NormalizeResult.Malformed malformed:
                output.WriteLine($"malformed: {malformed.Reason}; the delivery would be kept and answered 400");
                return 1;
            default:
                return 1;
        }
    }

    /// <summary>Writes the dry run; each automation's name, with null where it would start and why not otherwise.</summary>
    private static Dictionary<string, string?> Report(TriggerEvent e, DefinitionSet definitions, TextWriter output)
    {
        var outcome = new Dictionary<string, string?>(StringComparer.Ordinal);
        output.WriteLine($"event: {e.Kind} (delivery {e.DeliveryId})");
        output.WriteLine($"  subject: {e.Subject.Type} {e.Subject.Id} \"{e.Subject.Title}\" {e.Subject.Url}");
        output.WriteLine($"  repository: {e.Repository ?? "-"}  actor: {e.Actor ?? "-"}");
        var explanations = definitions.Explain(e);
        foreach (var explanation in explanations.Where(x => x.Matched))
        {
            var definition = definitions.Find(explanation.Name)!;
            if (ActorPolicy.Decide(definition, e) is { Allowed: false } refusal)
            {
                output.WriteLine($"refused: {definition.Name}: {refusal.Reason}");
                outcome[definition.Name] = $"refused: {refusal.Reason}";
                continue;
            }

            // The runner's own steps: the branch, then the prompt over a context that knows it.
            var branch = DefinitionRendering.Branch(definition, DefinitionRendering.Context(e, definition, SessionIdPlaceholder, null));
            var context = DefinitionRendering.Context(e, definition, SessionIdPlaceholder, branch.Text);
            output.WriteLine($"match: {definition.Name} ({explanation.Reason})");
            outcome[definition.Name] = null;
            output.WriteLine($"  repository: {Rendered(definition.Repository, context)}  base: {definition.Base}  branch: {branch.Text ?? $"<template error: {branch.Error}>"}  agent: {definition.Agent.Use}");
            output.WriteLine("  prompt, as the agent gets it:");
            var prompt = SessionPrompt.Instructions(definition, context);
            var text = prompt.Text is { } instructions ? SessionPrompt.WithTriggerContext(instructions, e, extra: null) : $"<template error: {prompt.Error}>";
            foreach (var line in text.TrimEnd().Split('\n'))
            {
                output.WriteLine($"    | {line}");
            }

            if (e.Source == "sentry")
            {
                output.WriteLine("    (then the Sentry issue's latest event, fenced, when Automations:Sentry:Token is set: the dry run does not call Sentry)");
            }

            foreach (var action in definition.Actions)
            {
                output.WriteLine($"  action {action.Key}: " + action switch
                {
                    PullRequestAction pr => $"title \"{Rendered(pr.Title, context)}\"{(pr.Draft ? ", draft" : "")}{(pr.Labels.Count > 0 ? $", labels {string.Join(", ", pr.Labels)}" : "")}{(pr.Reviewers.Count > 0 ? $", reviewers {string.Join(", ", pr.Reviewers)}" : "")}",
                    SlackAction slack => $"thread in {slack.Channel}",
                    CommentAction comment => $"comment on the {comment.On.ToString().ToLowerInvariant()} issue{(comment.Body is null ? "" : $": {Rendered(comment.Body, context)}")}",
                    WebhookAction webhook => $"POST the result to {webhook.Url}{(webhook.SecretVariable is null ? ", unsigned" : $", signed with ${webhook.SecretVariable}")}",
                    _ => action.GetType().Name,
                });
            }
        }

        foreach (var explanation in explanations.Where(x => !x.Matched))
        {
            output.WriteLine($"no match: {explanation.Name}: {explanation.Reason}");
            outcome[explanation.Name] = $"no match: {explanation.Reason}";
        }

        return outcome;
    }

    private static string Rendered(string template, TemplateContext context) =>
        TemplateRenderer.Shared.Render(template, context) is { Error: null, Text: { } text } ? text : $"<template error: {TemplateRenderer.Shared.Render(template, context).Error}>";
}
