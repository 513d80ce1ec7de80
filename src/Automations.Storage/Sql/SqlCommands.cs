using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Automations.Storage.Sql;

/// <summary>
/// Commands with typed parameters, named <c>@name</c> in the SQL: both SQLite and Npgsql read that form.
/// A type is always set, so that PostgreSQL knows what a null parameter is.
/// </summary>
internal static class SqlCommands
{
    private static readonly ConditionalWeakTable<DbConnection, PreparedCommands> Prepared = new();

    /// <summary>The prepared commands of <paramref name="connection"/>, which go with it.</summary>
    internal static PreparedCommands PreparedFor(DbConnection connection) => Prepared.GetOrCreateValue(connection);

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

    /// <summary>
    /// Runs the statements in order, in one round trip where the provider batches (PostgreSQL); else one
    /// after the other, each on the connection's prepared command for its text (SQLite, in process: the
    /// writer's one connection prepares a group commit's few statements once, not once per group). Returns
    /// the rows each one changed.
    /// </summary>
    public static async Task<int[]> ExecuteAllAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        var affected = new int[statements.Count];
        if (statements.Count == 0)
        {
            return affected;
        }

        if (connection.CanCreateBatch)
        {
            await using var batch = Batch(connection, transaction, statements);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < statements.Count; i++)
            {
                affected[i] = batch.BatchCommands[i].RecordsAffected;
            }

            return affected;
        }

        var prepared = PreparedFor(connection);
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            var command = prepared.For(connection, statement);
            command.Transaction = transaction;
            for (var p = 0; p < statement.Parameters.Count; p++)
            {
                command.Parameters[p].Value = statement.Parameters[p].Value ?? DBNull.Value;
            }

            affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return affected;
    }

    /// <summary>
    /// Runs the statements in order, in one round trip where the provider batches (PostgreSQL), like
    /// <see cref="ExecuteAllAsync"/>; the one at <paramref name="query"/> is the only one that returns rows,
    /// and <paramref name="read"/> makes the result of them. A statement that fails throws, whichever it is.
    /// </summary>
    public static async Task<T> QueryAllAsync<T>(DbConnection connection, DbTransaction? transaction, IReadOnlyList<SqlStatement> statements, int query, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        if (connection.CanCreateBatch)
        {
            await using var batch = Batch(connection, transaction, statements);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var result = await read(reader);

            // The statements after the query run too; an error among them comes with their results.
            while (await reader.NextResultAsync(cancellationToken))
            {
            }

            return result;
        }

        await ExecuteAllAsync(connection, transaction, statements.Take(query).ToList(), cancellationToken);
        T value;
        await using (var command = Create(connection, transaction, statements[query].Sql))
        {
            foreach (var (name, type, parameter) in statements[query].Parameters)
            {
                command.Add(name, type, parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            value = await read(reader);
        }

        await ExecuteAllAsync(connection, transaction, statements.Skip(query + 1).ToList(), cancellationToken);
        return value;
    }

    /// <summary>Runs one statement; returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, Action<DbCommand> parameters)
    {
        await using var command = Create(connection, transaction, sql);
        parameters(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbBatch Batch(DbConnection connection, DbTransaction? transaction, IReadOnlyList<SqlStatement> statements)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, type, value) in statement.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.DbType = type;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }
}
