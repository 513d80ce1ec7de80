using Automations.Testing;

namespace Automations.Host.Tests.DefinitionChecks;

/// <summary>
/// A pull request's branch in a bare repository standing in for GitHub: one commit over <c>main</c> with the
/// given files, pushed as the branch, and <c>refs/pull/{number}/head</c> pointing at it, as GitHub keeps it.
/// </summary>
public static class PullRequestBranch
{
    /// <summary>The head commit.</summary>
    public static string Push(string bare, string branch, int number, IReadOnlyDictionary<string, string> files)
    {
        var work = bare + $".work-{branch}";
        GitRepository.Run(Path.GetDirectoryName(bare)!, "clone", "--quiet", bare, work);
        try
        {
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(work, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }

            GitRepository.Run(work, "add", "--all");
            GitRepository.Run(work, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", $"change on {branch}");
            GitRepository.Run(work, "push", "--quiet", "origin", $"HEAD:refs/heads/{branch}");
            var head = GitRepository.Run(work, "rev-parse", "HEAD");
            GitRepository.Run(bare, "update-ref", $"refs/pull/{number}/head", head);
            return head;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
