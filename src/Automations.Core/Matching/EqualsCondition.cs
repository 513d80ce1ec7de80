using System.Globalization;

namespace Automations.Core.Matching;

/// <summary>
/// A scalar: some value equals it, ignoring case. Strings, numbers and booleans compare by their text;
/// two numbers also compare by value (<c>1.0</c> equals <c>1</c>).
/// </summary>
internal sealed class EqualsCondition(string expected) : WhereCondition
{
    private readonly decimal? _expectedNumber =
        decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    public string Expected { get; } = expected;

    /// <summary>
    /// True when the expected value is not a number, so that a value equals it exactly when their texts are
    /// equal ignoring case (<see cref="StringComparer.OrdinalIgnoreCase"/>): what the match index relies on.
    /// </summary>
    internal bool ComparesTextOnly => _expectedNumber is null;

    public override bool Matches(IReadOnlyList<EventValue> values)
    {
        foreach (var value in values)
        {
            if (Equal(value))
            {
                return true;
            }
        }

        return false;
    }

    public override string Describe() => EventValue.Quote(Expected);

    private bool Equal(EventValue value)
    {
        if (value.Text is null)
        {
            return false;
        }

        if (value.Kind == EventValueKind.Number && _expectedNumber is { } expectedNumber
            && decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var actual))
        {
            return actual == expectedNumber;
        }

        return string.Equals(value.Text, Expected, StringComparison.OrdinalIgnoreCase);
    }
}
