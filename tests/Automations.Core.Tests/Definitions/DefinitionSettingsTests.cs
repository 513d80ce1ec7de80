using Automations.Core.Definitions;

namespace Automations.Core.Tests.Definitions;

/// <summary><c>agent.max_cost_usd</c>, <c>budget</c>, <c>setup</c>, <c>setup_timeout</c>, <c>concurrency</c> and <c>branch</c>.</summary>
public sealed class DefinitionSettingsTests
{
    /// <summary>The three required keys on lines 1 to 3, then <paramref name="rest"/> from line 4.</summary>
    private static string Minimal(string rest = "") =>
        "repository: acme/web\nagent: { use: claude }\ninstructions: Fix it.\n" + rest;

    private static AutomationDefinition Valid(string yaml)
    {
        var result = DefinitionParser.Parse("a.yaml", yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Definition;
    }

    private static string Error(string yaml)
    {
        var result = DefinitionParser.Parse("a.yaml", yaml);
        Assert.Null(result.Definition);
        return Assert.Single(result.Errors).ToString();
    }

    [Theory]
    [InlineData("5", "5")]
    [InlineData("2.50", "2.50")]
    [InlineData("\"0.01\"", "0.01")]
    public void Parse_MaxCostUsd_IsADecimal(string text, string expected)
    {
        var definition = Valid($"repository: acme/web\nagent: {{ use: claude, max_cost_usd: {text} }}\ninstructions: x\n");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), definition.Agent.MaxCostUsd);
    }

    [Theory]
    [InlineData("0", "'0'")]
    [InlineData("-1", "'-1'")]
    [InlineData("1e3", "'1e3'")]
    [InlineData("five", "'five'")]
    [InlineData("[1]", "a list")]
    public void Parse_BadMaxCostUsd_IsReportedAtTheValue(string text, string shown)
    {
        Assert.Equal(
            $"a.yaml:2:37: 'max_cost_usd' must be a number greater than 0, such as 5 or 2.50, not {shown}",
            Error($"repository: acme/web\nagent: {{ use: claude, max_cost_usd: {text} }}\ninstructions: x\n"));
    }

    [Fact]
    public void Parse_Budget_ReadsDailyUsd()
    {
        Assert.Equal(new BudgetSpec { DailyUsd = 20.5m }, Valid(Minimal("budget: { daily_usd: 20.5 }\n")).Budget);
    }

    [Theory]
    [InlineData("budget: { daily_usd: 0 }", "a.yaml:4:22: 'daily_usd' must be a number greater than 0, such as 5 or 2.50, not '0'")]
    [InlineData("budget: { daily_usd: lots }", "a.yaml:4:22: 'daily_usd' must be a number greater than 0, such as 5 or 2.50, not 'lots'")]
    [InlineData("budget: 20", "a.yaml:4:9: 'budget' must be a mapping, such as budget: { daily_usd: 20 }")]
    [InlineData("budget: {}", "a.yaml:4:9: 'budget' needs 'daily_usd', such as budget: { daily_usd: 20 }")]
    public void Parse_BadBudget_IsReportedAtTheValue(string line, string expected)
    {
        Assert.Equal(expected, Error(Minimal(line + "\n")));
    }

    [Fact]
    public void Parse_BudgetWithMisspeltKey_Suggests()
    {
        var result = DefinitionParser.Parse("a.yaml", Minimal("budget: { daily_usd: 5, dayly_usd: 6 }\n"));

        Assert.Equal("a.yaml:4:25: unknown key 'dayly_usd' in 'budget' (did you mean 'daily_usd'?)", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Parse_SetupList_KeepsTheCommandsInOrderAsWritten()
    {
        var definition = Valid(Minimal("setup:\n  - npm ci\n  - \"make {{ not-a-template }}\"\nsetup_timeout: 2m30s\n"));

        Assert.Equal(["npm ci", "make {{ not-a-template }}"], definition.Setup);
        Assert.Equal(new TimeSpan(0, 2, 30), definition.SetupTimeout);
    }

    [Fact]
    public void Parse_SetupAsOneString_IsOneCommand()
    {
        Assert.Equal(["dotnet restore"], Valid(Minimal("setup: dotnet restore\n")).Setup);
    }

    [Theory]
    [InlineData("setup: { run: npm ci }", "a.yaml:4:8: 'setup' is a list of shell commands, such as setup: [npm ci, npm run build]")]
    [InlineData("setup: [npm ci, [nested]]", "a.yaml:4:17: 'setup' must be text, not a list")]
    [InlineData("setup: [npm ci, \"\"]", "a.yaml:4:17: 'setup' must not be empty")]
    [InlineData("setup_timeout: 10", "a.yaml:4:16: 'setup_timeout' must be a duration such as 90s, 30m, 2h or 1h30m, not '10'")]
    [InlineData("setup_timeout: 0s", "a.yaml:4:16: 'setup_timeout' must be longer than zero")]
    public void Parse_BadSetup_IsReportedAtTheValue(string line, string expected)
    {
        Assert.Equal(expected, Error(Minimal(line + "\n")));
    }

    [Fact]
    public void Parse_Concurrency_IsTyped()
    {
        var definition = Valid(Minimal("concurrency:\n  key: \"{{ event.repository }}\"\n  max: 3\n  on_conflict: Queue\n"));

        Assert.Equal(new ConcurrencySpec { Key = "{{ event.repository }}", Max = 3, OnConflict = ConcurrencyConflict.Queue }, definition.Concurrency);
    }

    [Fact]
    public void Parse_ConcurrencyWithOnlyMax_HasNoKeyAndSkips()
    {
        Assert.Equal(new ConcurrencySpec { Max = 1 }, Valid(Minimal("concurrency: { max: 1 }\n")).Concurrency);
    }

    [Theory]
    [InlineData("concurrency: { max: 0 }", "a.yaml:4:21: 'max' must be a whole number greater than 0, not '0'")]
    [InlineData("concurrency: { max: two }", "a.yaml:4:21: 'max' must be a whole number greater than 0, not 'two'")]
    [InlineData("concurrency: { max: [2] }", "a.yaml:4:21: 'max' must be a whole number greater than 0, not a list")]
    [InlineData("concurrency: { on_conflict: skp }", "a.yaml:4:29: 'on_conflict' is skip or queue, not 'skp' (did you mean 'skip'?)")]
    [InlineData("concurrency: { on_conflict: cancel }", "a.yaml:4:29: 'on_conflict' is skip or queue, not 'cancel'")]
    [InlineData("concurrency: { mx: 2 }", "a.yaml:4:16: unknown key 'mx' in 'concurrency' (did you mean 'max'?)")]
    [InlineData("concurrency: { limit: 2 }", "a.yaml:4:16: unknown key 'limit' in 'concurrency'; known keys: key, max, on_conflict")]
    [InlineData("concurrency: 2", "a.yaml:4:14: 'concurrency' must be a mapping, such as concurrency: { key: \"{{ event.subject.id }}\", max: 2, on_conflict: skip }")]
    public void Parse_BadConcurrency_IsReportedAtTheValue(string line, string expected)
    {
        Assert.Equal(expected, Error(Minimal(line + "\n")));
    }

    [Fact]
    public void Parse_ConcurrencyKeyTemplateError_IsReportedAtTheKey()
    {
        var error = Error(Minimal("concurrency: { key: \"{{ event.subject.id }\" }\n"));

        Assert.StartsWith("a.yaml:4:21: 'key': template does not compile:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fix/nightly")]
    [InlineData("\"fix/{{ event.subject.number }}\"")]
    public void Parse_Branch_IsKept(string text)
    {
        Assert.Equal(text.Trim('"'), Valid(Minimal($"branch: {text}\n")).Branch);
    }

    [Theory]
    [InlineData("fix it", "holds ' '; a branch name has no spaces and none of ~ ^ : ? * [ \\")]
    [InlineData("fix..it", "holds '..' or '@{'")]
    [InlineData("fix/.hidden", "has a part that starts with '.'")]
    [InlineData("fix/", "has an empty part between '/'")]
    [InlineData("fix.lock", "has a part that ends with '.lock'")]
    [InlineData("-fix", "starts with '-'")]
    public void Parse_LiteralBranchGitRefuses_IsReportedAtTheValue(string text, string problem)
    {
        Assert.Equal($"a.yaml:4:9: 'branch' is not a valid branch name: '{text}' {problem}", Error(Minimal($"branch: \"{text}\"\n")));
    }

    [Fact]
    public void Parse_BranchTemplateError_IsReportedAtTheValue()
    {
        Assert.StartsWith("a.yaml:4:9: 'branch': template does not compile:", Error(Minimal("branch: \"fix/{{ event.subject.id \"\n")), StringComparison.Ordinal);
    }
}
