namespace Automations.Agents.Workspaces;

/// <summary>
/// What the engine runs in a session's repository, inside the sandbox (<see cref="Git.RunConfinedAsync"/>).
/// A session's repository is a repository of its own, not a worktree of the mirror: its config, hooks and
/// refs are its own, and it borrows the mirror's objects read-only (<c>objects/info/alternates</c>), so
/// that making one writes no object. Values come as <c>$1</c>, <c>$2</c>, …, never inside the script.
/// </summary>
internal static class SessionRepositoryScripts
{
    /// <summary>
    /// A new repository borrowing <c>$1</c> (the mirror's objects), checked out at <c>$2</c>, detached: a warm one.
    /// With <c>$3</c>, <c>origin/$3</c> is at <c>$2</c> too, so that a session on that base only makes its branch.
    /// </summary>
    public const string CreateDetached = """
        set -e
        git init --quiet
        printf '%s\n' "$1" > .git/objects/info/alternates
        git checkout --quiet --detach "$2"
        if [ -n "$3" ]; then git update-ref "refs/remotes/origin/$3" "$2"; fi
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

    /// <summary>
    /// Commits what the agent left, as <c>$1</c> &lt;<c>$2</c>&gt; with message <c>$3</c>, and prints HEAD. The
    /// repository's config is the agent's, and could name commands (a filter driver for its own
    /// <c>.gitattributes</c>, say): so the add and the commit run in a view of the repository that has a
    /// config of the engine's, over the repository's own index, objects and work tree (and the mirror's
    /// objects, <c>$4</c>). Only the branch's move is written in the repository itself.
    /// </summary>
    public const string Commit = """
        set -e
        repo=$(pwd)
        before=$(git rev-parse --verify --quiet HEAD || true)
        view=$(mktemp -d)
        trap 'rm -rf "$view"' EXIT
        mkdir "$view/objects" "$view/refs" "$view/info"
        printf '[core]\n\trepositoryformatversion = 0\n\tbare = false\n' > "$view/config"
        echo 'ref: refs/heads/main' > "$view/HEAD"
        if [ -f .git/info/exclude ]; then head -c 1048576 .git/info/exclude > "$view/info/exclude"; fi
        (
          export GIT_DIR="$view" GIT_WORK_TREE="$repo" GIT_INDEX_FILE="$repo/.git/index"
          export GIT_OBJECT_DIRECTORY="$repo/.git/objects" GIT_ALTERNATE_OBJECT_DIRECTORIES="$4"
          if [ -n "$before" ]; then git update-ref --no-deref HEAD "$before"; fi
          git add --all
          if ! git diff --cached --quiet; then
            git -c user.name="$1" -c user.email="$2" commit --quiet --no-verify -m "$3"
          fi
          git rev-parse --verify HEAD > "$view/committed"
        )
        committed=$(cat "$view/committed")
        if [ "$committed" != "$before" ]; then git update-ref HEAD "$committed"; fi
        echo "$committed"
        """;
}
