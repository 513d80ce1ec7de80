using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Automations.Core.Definitions;

/// <summary>
/// YamlDotNet's parser with limits, for files that come from repositories: the representation model loads
/// nested collections recursively (a few ten thousand <c>[</c> overflow the stack and end the process), and
/// every alias is one more walk over what it names (a "billion laughs" file). Past a limit it throws a
/// <see cref="YamlException"/> at the offending node, like any other YAML error.
/// </summary>
internal sealed class GuardedParser(IParser inner) : IParser
{
    /// <summary>How deep collections may nest.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many aliases (<c>*name</c>) one file may use.</summary>
    public const int MaxAliases = 100;

    private int _depth;
    private int _aliases;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        bool moved;
        try
        {
            moved = inner.MoveNext();
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner fails this way, not with a YamlException, on some broken input (an
            // unclosed '{' followed by more keys). Report it as a YAML error at the last good position.
            var at = inner.Current?.End ?? Mark.Empty;
            throw new YamlException(at, at, "malformed YAML after this point: is a '{' or '[' left unclosed, or a quote?", ex);
        }

        if (!moved)
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new YamlException(inner.Current.Start, inner.Current.End, $"nested more than {MaxDepth} levels deep");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
            case AnchorAlias when ++_aliases > MaxAliases:
                throw new YamlException(inner.Current.Start, inner.Current.End, $"more than {MaxAliases} aliases");
            default:
                break;
        }

        return true;
    }
}
