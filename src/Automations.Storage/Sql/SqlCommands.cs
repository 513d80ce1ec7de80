using System.Data;
using System.Data.Common;

namespace Automations.Storage.Sql;

/// <summary>
/// Commands with typed parameters, named <c>@name</c> in the SQL: both SQLite and Npgsql read that form.
/// A type is always set, so that PostgreSQL knows what a null parameter is.
/// </summary>
internal static class SqlCommands
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static DbParameter Add(this DbCommand command, string name, DbType type, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static DbCommand Text(this DbCommand command, string name, string? value)
    {
        command.Add(name, DbType.String, value);
        return command;
    }

    public static DbCommand Int64(this DbCommand command, string name, long? value)
    {
        command.Add(name, DbType.Int64, value);
        return command;
    }

    /// <summary>Runs one statement; returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, Action<DbCommand> parameters)
    {
        await using var command = Create(connection, transaction, sql);
        parameters(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
