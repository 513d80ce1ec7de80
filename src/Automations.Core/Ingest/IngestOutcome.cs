namespace Automations.Core.Ingest;

/// <summary>What became of a delivery; each maps to one HTTP answer.</summary>
public enum IngestOutcome
{
    /// <summary>Stored, with its sessions and jobs: 202.</summary>
    Accepted,

    /// <summary>Stored before under the same id: 200 with the first answer.</summary>
    Duplicate,

    /// <summary>Valid, stored, starts nothing (a ping): 200.</summary>
    Ignored,

    /// <summary>A verified handshake (Slack's <c>url_verification</c>): answered 200 with its challenge, nothing stored.</summary>
    Challenge,

    /// <summary>Signed, but unreadable: stored for inspection, 400.</summary>
    Malformed,

    /// <summary>Missing or bad signature, or no secret configured: nothing stored, 401.</summary>
    Unauthorized,

    /// <summary>No such source: 404.</summary>
    UnknownSource,
}
