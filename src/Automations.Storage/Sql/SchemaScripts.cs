using System.Globalization;
using System.Reflection;

namespace Automations.Storage.Sql;

/// <summary>A database's versioned schema: the embedded <c>Schema/NNN_name.sql</c> files of its folder.</summary>
internal static class SchemaScripts
{
    /// <summary>The scripts under <paramref name="folder"/> (<c>Sqlite</c>, <c>Postgres</c>), in version order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Load(string folder)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var prefix = $"Automations.Storage.{folder}.Schema.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                return (version, name, Read(assembly, n));
            })
            .OrderBy(s => s.version)];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing schema resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
