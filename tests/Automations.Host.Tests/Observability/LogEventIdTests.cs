using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Automations.Host.Tests.Observability;

/// <summary>
/// Each of the engine's log messages has an event id of its own, across every assembly, so that a person who
/// filters the logs by id (in a log store, or <c>Logging:Console:FormatterName=json</c>'s <c>EventId</c>) gets that
/// one message.
/// </summary>
public sealed class LogEventIdTests
{
    private static readonly string[] Assemblies = ["Automations.Core", "Automations.Integrations", "Automations.Storage", "Automations.Agents", "automations"];

    [Fact]
    public void EveryLoggerMessage_HasAnEventIdNoOtherHas()
    {
        var messages = Assemblies
            .Select(Assembly.Load)
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        var shared = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();

        Assert.True(messages.Count > 50, $"only {messages.Count} log messages found: are the assemblies' names right?");
        Assert.Empty(shared);
    }
}
