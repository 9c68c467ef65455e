using System.Data.Common;

namespace CaseTracker.Server.Storage;

/// <summary>Inserts request records with one prepared statement: plain SQL over quoted names, any provider runs it.</summary>
public sealed class RequestBulkWriter : IDisposable
{
    private readonly DbCommand _insert;
    private readonly DbParameter[] _values;

    public RequestBulkWriter(DbConnection connection, DbTransaction transaction)
    {
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO "Requests" ("CallerKey", "RequestId", "Method", "RequestHash", "Response", "CreateTime")
            VALUES (@caller, @request, @method, @hash, @response, @time)
            """;
        _values = new[] { "@caller", "@request", "@method", "@hash", "@response", "@time" }
            .Select(name =>
            {
                var parameter = _insert.CreateParameter();
                parameter.ParameterName = name;
                _insert.Parameters.Add(parameter);
                return parameter;
            })
            .ToArray();
    }

    public void Insert(RequestRecord r)
    {
        object[] row = [r.CallerKey, r.RequestId, r.Method, r.RequestHash, r.Response, r.CreateTime];
        for (var i = 0; i < row.Length; i++)
        {
            _values[i].Value = row[i];
        }
        _insert.ExecuteNonQuery();
    }

    public void Dispose() => _insert.Dispose();
}
