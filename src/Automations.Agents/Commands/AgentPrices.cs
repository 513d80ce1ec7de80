using Automations.Core.Ports;

namespace Automations.Agents.Commands;

/// <summary>A model's prices in US dollars per million tokens: <c>Automations:Agents:&lt;name&gt;:Prices</c>.</summary>
public sealed class AgentPrices
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    /// <summary>Cached input tokens; null prices them as input.</summary>
    public decimal? CachedInputPerMillion { get; set; }

    public decimal Cost(AgentUsage usage) =>
        ((usage.InputTokens + usage.CacheWriteTokens) * InputPerMillion
         + usage.CacheReadTokens * (CachedInputPerMillion ?? InputPerMillion)
         + usage.OutputTokens * OutputPerMillion) / 1_000_000m;
}
