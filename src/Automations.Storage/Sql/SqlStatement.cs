using System.Data;

namespace Automations.Storage.Sql;

/// <summary>One statement with its typed parameters, to run alone or in a batch (<see cref="SqlCommands.ExecuteAllAsync"/>).</summary>
internal sealed record SqlStatement(string Sql, IReadOnlyList<(string Name, DbType Type, object? Value)> Parameters)
{
    public SqlStatement(string sql, params (string Name, DbType Type, object? Value)[] parameters)
        : this(sql, (IReadOnlyList<(string Name, DbType Type, object? Value)>)parameters)
    {
    }
}
