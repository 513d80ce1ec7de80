namespace Automations.Core.Definitions;

/// <summary>Whether a text is a branch name git accepts (the rules of <c>git check-ref-format --branch</c>).</summary>
public static class GitBranchName
{
    /// <summary>Longer names are refused: they break on some file systems and hosts.</summary>
    public const int MaxLength = 255;

    /// <summary>Null when <paramref name="name"/> is a valid branch name; otherwise why not, in a few words.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        foreach (var c in name)
        {
            if (c < ' ' || c == '\u007f' || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            {
                return c < ' ' || c == '\u007f'
                    ? "holds a control character"
                    : $"holds '{c}'; a branch name has no spaces and none of ~ ^ : ? * [ \\";
            }
        }

        if (name[0] == '-')
        {
            return "starts with '-'";
        }

        if (name is "@" or "HEAD")
        {
            return $"is '{name}', which git reserves";
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal))
        {
            return "holds '..' or '@{'";
        }

        if (name[0] == '/' || name[^1] == '/' || name.Contains("//", StringComparison.Ordinal))
        {
            return "has an empty part between '/'";
        }

        if (name[^1] == '.')
        {
            return "ends with '.'";
        }

        foreach (var part in name.Split('/'))
        {
            if (part[0] == '.')
            {
                return "has a part that starts with '.'";
            }

            if (part.EndsWith(".lock", StringComparison.Ordinal))
            {
                return "has a part that ends with '.lock'";
            }
        }

        return null;
    }
}
