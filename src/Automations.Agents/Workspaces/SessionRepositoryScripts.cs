namespace Automations.Agents.Workspaces;

/// <summary>
/// What the engine runs in a session's repository, inside the sandbox (<see cref="Git.RunConfinedAsync"/>).
/// A session's repository is a repository of its own, not a worktree of the mirror: its config, hooks and
/// refs are its own, and it borrows the mirror's objects read-only (<c>objects/info/alternates</c>), so
/// that making one writes no object. Values come as <c>$1</c>, <c>$2</c>, …, never inside the script.
/// </summary>
internal static class SessionRepositoryScripts
{
    /// <summary>A new repository borrowing <c>$1</c> (the mirror's objects), checked out at <c>$2</c>, detached: a warm one.</summary>
    public const string CreateDetached = """
        set -e
        git init --quiet
        printf '%s\n' "$1" > .git/objects/info/alternates
        git checkout --quiet --detach "$2"
        """;

    /// <summary>
    /// A new repository borrowing <c>$1</c>, with <c>origin/$2</c> at <c>$3</c> (the base) and branch
    /// <c>$4</c> checked out at <c>$5</c> (the start).
    /// </summary>
    public const string Create = """
        set -e
        git init --quiet
        printf '%s\n' "$1" > .git/objects/info/alternates
        git update-ref "refs/remotes/origin/$2" "$3"
        git checkout --quiet --no-track -B "$4" "$5"
        """;

    /// <summary>
    /// A warm repository, checked out at <c>$5</c>, becomes the session's: <c>origin/$1</c> at <c>$2</c>, and
    /// branch <c>$3</c> at <c>$4</c>. At the same commit no file is touched: the branch is made and HEAD names it.
    /// </summary>
    public const string Take = """
        set -e
        git update-ref "refs/remotes/origin/$1" "$2"
        if [ "$4" = "$5" ]; then
          git update-ref "refs/heads/$3" "$4"
          git symbolic-ref HEAD "refs/heads/$3"
        else
          git checkout --quiet --no-track -B "$3" "$4"
        fi
        """;

    /// <summary>Commits what the agent left, as <c>$1</c> &lt;<c>$2</c>&gt; with message <c>$3</c>, and prints HEAD.</summary>
    public const string Commit = """
        set -e
        git add --all
        if ! git diff --cached --quiet; then
          git -c user.name="$1" -c user.email="$2" -c commit.gpgsign=false commit --quiet --no-verify -m "$3"
        fi
        git rev-parse --verify HEAD
        """;
}
