using Automations.Core.Events;

namespace Automations.Core.Sources;

/// <summary>What a source made of a verified delivery.</summary>
public abstract record NormalizeResult
{
    private NormalizeResult()
    {
    }

    /// <summary>A normalized event, to be matched.</summary>
    public sealed record Normalized(TriggerEvent Event) : NormalizeResult;

    /// <summary>A delivery that is valid but starts nothing (a <c>ping</c>): answered 200.</summary>
    public sealed record Ignored(string Reason) : NormalizeResult;

    /// <summary>
    /// A verified delivery that asks to be answered with <paramref name="Response"/> and stores nothing:
    /// Slack's <c>url_verification</c>, whose challenge goes back in a 200, as <c>text/plain</c> or as
    /// <c>{"challenge": "..."}</c> JSON (Slack accepts both).
    /// </summary>
    public sealed record Challenge(string Response) : NormalizeResult;

    /// <summary>A delivery whose body cannot be read (bad JSON, missing fields): answered 400 and kept.</summary>
    public sealed record Malformed(string Reason) : NormalizeResult;
}
