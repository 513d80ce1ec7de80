using System.Text.Json;

namespace Automations.Integrations.Sentry;

/// <summary>
/// A stack frame. <see cref="InApp"/> marks the application's own code, as against libraries.
/// <see cref="Context"/> holds <c>[lineNo, "source line"]</c> pairs around <see cref="LineNo"/>.
/// </summary>
public sealed record SentryFrame(
    string? Filename,
    string? AbsPath,
    string? Module,
    string? Function,
    int? LineNo,
    int? ColNo,
    bool? InApp,
    IReadOnlyList<JsonElement>? Context);
