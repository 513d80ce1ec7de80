using Microsoft.Playwright;

namespace Automations.Host.Tests.Dashboard;

/// <summary>
/// Debian's chromium, headless, driven by Playwright against a running engine: one browser context per
/// person, so each has their own cookies. Screenshots go to <c>screenshots/</c> in the test's output folder.
/// </summary>
public sealed partial class ConsoleBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _baseAddress;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, Uri baseAddress)
    {
        _playwright = playwright;
        _browser = browser;
        _baseAddress = baseAddress;
    }

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<ConsoleBrowser> StartAsync(Uri baseAddress)
    {
        // Expect(...) waits 5 s unless told: a page on a machine busy with the rest of the suite has taken longer.
        // What holds passes at once either way; only a failing assertion waits the whole 30 s.
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Without the background-networking flags chromium keeps calling out, and a closed network refuses it.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new ConsoleBrowser(playwright, browser, baseAddress);
    }

    /// <summary>A new person: a fresh context (no cookies) and a page in it.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on <c>/sign-in</c> with <paramref name="key"/>, as a person types it.</summary>
    public static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.FillAsync("#key", key);
        // Waits for the answer to the post to arrive (the front page's response, after the redirect that sets the
        // cookie), not for its load event: what the test looks at next waits for itself, and a load event on a busy
        // machine has taken over 30 s once. WaitForURLAsync, when the navigation has committed before it is called,
        // waits for the load event after all, whatever its WaitUntil says (it timed out so in CI).
        await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("button[type=submit]"),
            response => response.Request.IsNavigationRequest && !response.Url.Contains("/sign-in", StringComparison.Ordinal),
            new() { Timeout = 30_000 });
    }

    /// <summary>
    /// Presses a form's button and waits for the answer of the page the server sends the person back to (its
    /// notice): the post has been answered. As in <see cref="SignInAsync"/>, it waits for that response, not for a
    /// load event (WaitForURLAsync waited for one, and timed out in CI on a busy machine); what the test looks at
    /// next waits for itself.
    /// </summary>
    public static async Task SubmitAsync(IPage page, ILocator button) =>
        await page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(),
            response => response.Request.IsNavigationRequest && NoticeInQuery().IsMatch(response.Url),
            new() { Timeout = 30_000 });

    [System.Text.RegularExpressions.GeneratedRegex("[?&]notice=")]
    private static partial System.Text.RegularExpressions.Regex NoticeInQuery();

    /// <summary>
    /// The page at <paramref name="path"/> in a new tab of the same person: the old tab's script may be reloading
    /// itself on a status change, which would interrupt a navigation there.
    /// </summary>
    public static async Task<IPage> OpenAgainAsync(IPage page, string path)
    {
        var again = await page.Context.NewPageAsync();
        await again.GotoAsync(path);
        return again;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
