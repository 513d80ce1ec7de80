using System.Data.Common;

namespace Automations.Storage.Sql;

/// <summary>
/// A connection's prepared commands, by statement text: SQLite compiles a statement when a command first runs
/// it and keeps it until the command goes, so a long-lived connection runs its usual statements without
/// compiling them again. The connection disposes its commands as it closes. Bounded: statements whose text is
/// made each time (lists of a varying length) start the set over rather than grow it.
/// </summary>
internal sealed class PreparedCommands
{
    /// <summary>Distinct statements kept at most: the delivery path writes about ten.</summary>
    internal const int Most = 64;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The commands kept.</summary>
    public int Count => _commands.Count;

    /// <summary>The command for <paramref name="statement"/>'s text, its parameters named and typed; their values are the caller's to set.</summary>
    public DbCommand For(DbConnection connection, SqlStatement statement)
    {
        if (_commands.TryGetValue(statement.Sql, out var command))
        {
            // The same text names the same parameters; one given otherwise is made afresh, so that no value
            // of an earlier run is left bound where this one gives none.
            if (Same(command.Parameters, statement.Parameters))
            {
                return command;
            }

            command.Dispose();
            _commands.Remove(statement.Sql);
        }

        if (_commands.Count >= Most)
        {
            foreach (var old in _commands.Values)
            {
                old.Dispose();
            }

            _commands.Clear();
        }

        command = SqlCommands.Create(connection, transaction: null, statement.Sql);
        foreach (var (name, type, _) in statement.Parameters)
        {
            command.Add(name, type);
        }

        _commands[statement.Sql] = command;
        return command;
    }

    private static bool Same(DbParameterCollection parameters, IReadOnlyList<(string Name, System.Data.DbType Type, object? Value)> wanted)
    {
        if (parameters.Count != wanted.Count)
        {
            return false;
        }

        for (var i = 0; i < wanted.Count; i++)
        {
            if (parameters[i].ParameterName != wanted[i].Name || parameters[i].DbType != wanted[i].Type)
            {
                return false;
            }
        }

        return true;
    }
}
