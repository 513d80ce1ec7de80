namespace Automations.Testing.Fakes;

/// <summary>
/// The branches GitHub knows, which decide whether a pull request can be opened: those of the bare
/// repositories under a git root (<c>{root}/{owner}/{name}.git</c>, where the engine pushes in end-to-end
/// tests), read with git at each request; or, without one, <c>main</c> and the branches a test says were pushed.
/// </summary>
public sealed partial class FakeGitHub
{
    private readonly Dictionary<(string Repository, string Branch), (string Sha, int CommitsAhead)> _pushed = [];
    private string? _gitRoot;

    /// <summary>Reads branches from the bare repositories under <paramref name="gitRoot"/>, as git pushed them.</summary>
    public void UseRepositories(string gitRoot)
    {
        lock (_state)
        {
            _gitRoot = gitRoot;
        }
    }

    /// <summary>A branch pushed to <paramref name="repository"/>, <paramref name="commitsAhead"/> commits ahead of <c>main</c>.</summary>
    public string PushBranch(string repository, string branch, int commitsAhead = 1)
    {
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        lock (_state)
        {
            _pushed[(repository, branch)] = (sha, commitsAhead);
        }

        return sha;
    }

    /// <summary>The commit a branch points at, or null when GitHub has no such branch.</summary>
    public string? BranchSha(string repository, string branch)
    {
        lock (_state)
        {
            if (_gitRoot is null)
            {
                return _pushed.TryGetValue((repository, branch), out var pushed) ? pushed.Sha : branch == "main" ? MainSha : null;
            }
        }

        return Git(repository, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}");
    }

    /// <summary>How many commits <paramref name="head"/> has that <paramref name="base"/> has not.</summary>
    private int CommitsAhead(string repository, string @base, string head)
    {
        lock (_state)
        {
            if (_gitRoot is null)
            {
                return _pushed.TryGetValue((repository, head), out var pushed) ? pushed.CommitsAhead : 0;
            }
        }

        return int.Parse(Git(repository, "rev-list", "--count", $"refs/heads/{@base}..refs/heads/{head}") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>git's output in the repository's bare folder, or null when git fails (no such repository or ref).</summary>
    private string? Git(string repository, params string[] arguments)
    {
        string folder;
        lock (_state)
        {
            folder = Path.Combine(_gitRoot!, repository + ".git");
        }

        if (!Directory.Exists(folder))
        {
            return null;
        }

        try
        {
            return GitRepository.Run(folder, arguments) is { Length: > 0 } output ? output : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
