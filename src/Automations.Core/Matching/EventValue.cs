using System.Globalization;

namespace Automations.Core.Matching;

/// <summary>
/// One value found at an <see cref="EventPath"/>: a string, number or boolean by its JSON text, or an object.
/// Nulls are never values: a path whose value is null counts as missing.
/// </summary>
internal readonly record struct EventValue(EventValueKind Kind, string? Text)
{
    private const int MaxShown = 60;

    public static EventValue Object { get; } = new(EventValueKind.Object, Text: null);

    public static EventValue String(string text) => new(EventValueKind.String, text);

    public static EventValue Number(long number) => new(EventValueKind.Number, number.ToString(CultureInfo.InvariantCulture));

    /// <summary>The value as an explanation shows it: strings quoted and shortened, objects as <c>{…}</c>.</summary>
    public override string ToString() => Kind switch
    {
        EventValueKind.String => Quote(Text ?? ""),
        EventValueKind.Object => "{…}",
        _ => Text ?? "",
    };

    public static string Quote(string text) =>
        text.Length <= MaxShown ? $"'{text}'" : $"'{text[..MaxShown]}…'";
}
