namespace Automations.Bench.Reference;

internal static class ReferenceModes
{
    public const string Ceiling = "ceiling";
    public const string Floor = "floor";
}
