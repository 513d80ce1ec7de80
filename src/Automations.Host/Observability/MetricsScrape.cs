namespace Automations.Host.Observability;

/// <summary>Who may read <c>/metrics</c> (<c>Automations:Metrics:Scrape</c>).</summary>
public enum MetricsScrape
{
    /// <summary>Anyone who reaches the engine, as with <c>/healthz</c> (the default; the engine listens on loopback unless told otherwise).</summary>
    Open,

    /// <summary>Only with an API key, as <c>/api</c>.</summary>
    Key,

    /// <summary>No scrape endpoint.</summary>
    Off,
}
