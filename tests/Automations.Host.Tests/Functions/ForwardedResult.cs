using System.Net.Http.Headers;
using System.Text.Json;

namespace Automations.Host.Tests.Functions;

/// <summary>The handler's answer to a forwarded request: its status, its JSON body (default when none), its headers.</summary>
public sealed record ForwardedResult(int Status, JsonElement Body, HttpResponseHeaders Headers, string Text)
{
    public override string ToString() => $"{Status} {Text}";
}
