using System.Data.Common;

namespace CaseTracker.Server.Storage;

/// <summary>
/// Inserts append-only rows of several tables in the current transaction. On a provider that sends several statements
/// at once (Npgsql's <see cref="DbBatch"/>) every row goes in one round trip when <see cref="Execute"/> is called;
/// otherwise (SQLite, in process) each table's INSERT is prepared once and run for each row as it is added.
/// </summary>
internal sealed class AppendOnlyInserts(DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly DbBatch? _batch = connection.CanCreateBatch ? CreateBatch(connection, transaction) : null;

    /// <summary>Inserts <paramref name="rows"/> into <paramref name="table"/>, each a value for every one of <paramref name="columns"/>.</summary>
    public void Add(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        if (_batch is null)
        {
            using var insert = new PreparedInsert(connection, transaction, table, columns);
            foreach (var row in rows)
            {
                insert.Insert(row);
            }
            return;
        }
        var sql = PreparedInsert.Sql(table, columns, skipExisting: false);
        foreach (var row in rows)
        {
            var command = _batch.CreateBatchCommand();
            command.CommandText = sql;
            for (var i = 0; i < row.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = PreparedInsert.ParameterName(i);
                parameter.Value = row[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            _batch.BatchCommands.Add(command);
        }
    }

    /// <summary>Sends what was added, if the provider batches; a row refused fails them all, as in one transaction.</summary>
    public void Execute()
    {
        if (_batch is { BatchCommands.Count: > 0 })
        {
            _batch.ExecuteNonQuery();
        }
    }

    public void Dispose() => _batch?.Dispose();

    private static DbBatch CreateBatch(DbConnection connection, DbTransaction transaction)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }
}
