using System.Data.Common;

namespace CaseTracker.Server.Audit;

/// <summary>
/// Inserts many events with one prepared statement, for bulk work (the deadline scan) where tracking each
/// row through EF would cost more than the work itself. Plain SQL over quoted names: any provider runs it.
/// </summary>
public sealed class CaseEventBulkWriter : IDisposable
{
    private readonly DbCommand _insert;
    private readonly DbParameter[] _values;

    public CaseEventBulkWriter(DbConnection connection, DbTransaction transaction)
    {
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO "CaseEvents" ("Sequence", "CaseId", "Type", "Actor", "ActorParty", "ActorRole", "EventTime", "Payload", "PreviousHash", "Hash")
            VALUES (@sequence, @case, @type, @actor, @party, @role, @time, @payload, @previous, @hash)
            """;
        _values = new[] { "@sequence", "@case", "@type", "@actor", "@party", "@role", "@time", "@payload", "@previous", "@hash" }
            .Select(name =>
            {
                var parameter = _insert.CreateParameter();
                parameter.ParameterName = name;
                _insert.Parameters.Add(parameter);
                return parameter;
            })
            .ToArray();
    }

    public void Insert(CaseEventRecord e)
    {
        object[] row = [e.Sequence, e.CaseId, e.Type, e.Actor, e.ActorParty, e.ActorRole, e.EventTime, e.Payload, e.PreviousHash, e.Hash];
        for (var i = 0; i < row.Length; i++)
        {
            _values[i].Value = row[i];
        }
        _insert.ExecuteNonQuery();
    }

    public void Dispose() => _insert.Dispose();
}
