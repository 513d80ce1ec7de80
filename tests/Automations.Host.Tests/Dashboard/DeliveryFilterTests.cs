using Automations.Host.Dashboard;

namespace Automations.Host.Tests.Dashboard;

/// <summary>The deliveries page's filters and links, and how the console writes an error without the engine's paths.</summary>
public sealed class DeliveryFilterTests
{
    [Fact]
    public void ToQuery_ReadsEachFilter_TimesAsUtc()
    {
        var (query, problem) = new DeliveryFilter(" GitHub ", "refused", "2026-12-06T15:30", "2026-12-07T00:00:00+01:00", "42").ToQuery();

        Assert.Null(problem);
        Assert.Equal(("github", "refused", 42L, DeliveryFilter.PageSize), (query!.Source, query.Outcome, query.Before, query.Limit));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 15, 30, 0, TimeSpan.Zero), query.Since);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero), query.Until);
    }

    [Theory]
    [InlineData("malformed", null, null, "Unknown outcome 'malformed'")]
    [InlineData(null, "yesterday", null, "read as UTC")]
    [InlineData(null, null, "-1", "not a page cursor")]
    public void ToQuery_BadInput_SaysWhy(string? outcome, string? since, string? before, string expected)
    {
        var (query, problem) = new DeliveryFilter(null, outcome, since, null, before).ToQuery();

        Assert.Null(query);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_KeepTheFilters_AndADeliveryIdsSlashes()
    {
        Assert.Equal("/deliveries?outcome=refused&since=2026-12-06T15%3A30&before=7", new DeliveryFilter(null, "refused", "2026-12-06T15:30", " ", null).Link(7));
        Assert.Equal("/deliveries", new DeliveryFilter(null, null, null, null, "9").Link(null));
        Assert.Equal("/deliveries/webhook/deploys%3Aa%20b/c%3F", DeliveryFilter.PageOf("webhook", "deploys:a b/c?"));
    }

    [Theory]
    [InlineData("git clone failed (128): fatal: repository '/var/lib/engine/git/acme/late.git' does not exist", "git clone failed (128): fatal: repository '…/acme/late.git' does not exist")]
    [InlineData("see https://github.com/acme/web/pull/3 and acme/web", "see https://github.com/acme/web/pull/3 and acme/web")]
    public void Note_CutsAbsolutePaths_AndLeavesUrlsAndNames(string text, string expected) =>
        Assert.Equal(expected, ConsoleFormat.Note(text));
}
