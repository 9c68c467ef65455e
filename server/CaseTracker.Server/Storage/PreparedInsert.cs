using System.Data.Common;

namespace CaseTracker.Server.Storage;

/// <summary>
/// One INSERT prepared once and executed for many rows in the current transaction: for append-only rows
/// (events, request records) where change tracking would cost more than the write. Plain SQL over quoted
/// names, so any provider runs it.
/// </summary>
public sealed class PreparedInsert : IDisposable
{
    private readonly DbCommand _insert;
    private readonly DbParameter[] _values;

    public PreparedInsert(DbConnection connection, DbTransaction transaction, string table, params string[] columns)
        : this(connection, transaction, table, skipExisting: false, columns)
    {
    }

    /// <summary>With <c>skipExisting</c>, a row whose key is already stored is skipped (ON CONFLICT DO NOTHING) rather than refused.</summary>
    public PreparedInsert(DbConnection connection, DbTransaction transaction, string table, bool skipExisting, params string[] columns)
    {
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = Sql(table, columns, skipExisting);
        _values = columns.Select((_, i) =>
        {
            var parameter = _insert.CreateParameter();
            parameter.ParameterName = ParameterName(i);
            _insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
    }

    /// <summary>The INSERT of one row into <paramref name="table"/>, its values named by <see cref="ParameterName"/>.</summary>
    public static string Sql(string table, string[] columns, bool skipExisting) =>
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => ParameterName(i)))})"
        + (skipExisting ? " ON CONFLICT DO NOTHING" : string.Empty);

    /// <summary>The name of the parameter of the <paramref name="column"/>th value.</summary>
    public static string ParameterName(int column) => $"@p{column}";

    /// <summary>Inserts one row; false when it was skipped because its key is already stored.</summary>
    public bool Insert(params object?[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            _values[i].Value = row[i] ?? DBNull.Value;
        }
        return _insert.ExecuteNonQuery() == 1;
    }

    public void Dispose() => _insert.Dispose();
}
