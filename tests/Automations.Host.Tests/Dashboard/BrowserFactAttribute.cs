using Automations.Testing;

namespace Automations.Host.Tests.Dashboard;

/// <summary>
/// A test that drives the console in Debian's chromium: it skips where <c>/usr/bin/chromium</c> is not
/// installed, except on CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(ConsoleBrowser.Chromium) && !AgentClis.OnCi)
        {
            Skip = $"chromium is not installed ({ConsoleBrowser.Chromium}); CI=true makes this a failure";
        }
    }
}
