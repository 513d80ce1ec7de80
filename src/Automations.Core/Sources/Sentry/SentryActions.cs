namespace Automations.Core.Sources.Sentry;

/// <summary>
/// Sentry's actions as the event kind spells them. An issue set aside is <c>archived</c> in Sentry's
/// documentation and UI but <c>ignored</c> in what its server sends; both become <see cref="Archived"/>,
/// so a definition written from the docs (<c>action: archived</c>) matches what actually arrives. The
/// raw payload keeps the action as sent.
/// </summary>
public static class SentryActions
{
    /// <summary>The one spelling of an issue set aside.</summary>
    public const string Archived = "archived";

    /// <summary>The server's older spelling of <see cref="Archived"/>.</summary>
    public const string Ignored = "ignored";

    /// <summary>The action as the kind spells it: <c>issue</c>'s <c>ignored</c> reads as <c>archived</c>; everything else as sent.</summary>
    public static string Normalize(string resource, string action) =>
        string.Equals(resource, SentryResources.Issue, StringComparison.Ordinal)
        && string.Equals(action, Ignored, StringComparison.Ordinal)
            ? Archived
            : action;
}
