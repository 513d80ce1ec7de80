namespace Automations.Core.Sources;

/// <summary>The outcome of checking a delivery's signature. Only <see cref="Valid"/> lets it through.</summary>
public enum SignatureResult
{
    Valid,
    MissingSignature,
    MissingSecret,
    SignatureMismatch,
    MalformedSignature,
    TimestampOutOfRange,
}
