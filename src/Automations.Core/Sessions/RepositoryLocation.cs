using System.Text.RegularExpressions;

namespace Automations.Core.Sessions;

/// <summary>
/// Where a definition's <c>repository</c> is cloned from: <c>owner/name</c> lives under the configured git
/// URL; a URL (<c>https://</c>, <c>file://</c>, <c>git@</c>) is used as given; a path that starts with
/// <c>/</c>, <c>./</c> or <c>../</c> is a local repository, relative to the definition's folder.
/// </summary>
public static partial class RepositoryLocation
{
    public static string Resolve(string repository, string gitUrl, string definitionDirectory)
    {
        var value = repository.Trim();
        if (value.Contains("://", StringComparison.Ordinal) || value.StartsWith("git@", StringComparison.Ordinal))
        {
            return value;
        }

        if (value.StartsWith('/') || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal))
        {
            return Path.GetFullPath(Path.Combine(definitionDirectory, value));
        }

        if (OwnerName().IsMatch(value))
        {
            var name = value.EndsWith(".git", StringComparison.Ordinal) ? value : value + ".git";
            return $"{gitUrl.TrimEnd('/')}/{name}";
        }

        throw new ArgumentException($"'{repository}' is neither owner/name, a git URL, nor a path starting with ./, ../ or /.", nameof(repository));
    }

    /// <summary>
    /// <paramref name="text"/> (a URL, or a message that holds some) with the user info of every URL in it left out,
    /// as logs may show it: <c>https://user:token@host/acme/web.git</c> is <c>https://host/acme/web.git</c>.
    /// </summary>
    public static string WithoutUserInfo(string text) => UserInfo().Replace(text, "${scheme}");

    /// <summary>
    /// A URL's <c>scheme://</c> and what comes after it up to the last <c>@</c> before its host ends; linear in the
    /// text (no backtracking), so it needs no timeout. It has none: a timeout counts the matcher's first build too,
    /// which on a loaded machine took longer than 100 ms, and a scrub that throws would lose the line it scrubs.
    /// </summary>
    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s'""]*@", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking, matchTimeoutMilliseconds: Timeout.Infinite)]
    private static partial Regex UserInfo();

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex OwnerName();
}
