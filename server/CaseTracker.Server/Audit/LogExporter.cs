using System.Data.Common;
using System.Globalization;
using CaseTracker.Client;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Audit;

/// <summary>
/// Writes the event log and its signed checkpoints as JSON Lines of <c>casetracker.v1.LogExportRecord</c>,
/// the input of the offline verifier. It reads the rows as stored, column by column, without trusting them:
/// a damaged value is exported as it reads, so the verifier finds it rather than the exporter failing.
/// </summary>
public static class LogExporter
{
    public static async Task<int> ExportAsync(CaseTrackerDbContext db, TextWriter output, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var count = 0;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT "Sequence", "CaseId", "Type", "Actor", "ActorParty", "ActorRole", "EventTime", "Payload", "PreviousHash", "Hash"
                FROM "CaseEvents" ORDER BY "Sequence"
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!long.TryParse(Text(reader, 0), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sequence))
                {
                    continue; // a row whose sequence is unreadable: the verifier reports the gap it leaves
                }
                var e = new V1.CaseEvent
                {
                    Name = $"caseEvents/{sequence}",
                    Sequence = sequence,
                    Case = "cases/" + Text(reader, 1),
                    Type = ParseEnum<V1.CaseEventType>(Text(reader, 2)),
                    Actor = Text(reader, 3),
                    ActorParty = ParseEnum<V1.Party>(Text(reader, 4)),
                    ActorRole = ParseEnum<V1.Role>(Text(reader, 5)),
                    EventTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(ReadTime(reader, 6)),
                    Payload = Text(reader, 7),
                    PreviousHash = Text(reader, 8),
                    Hash = Text(reader, 9),
                };
                await output.WriteLineAsync(JsonFormatter.Default.Format(new V1.LogExportRecord { Event = e }).AsMemory(), cancellationToken);
                count++;
            }
        }
        var signatures = await db.CheckpointSignatures.AsNoTracking().OrderBy(s => s.Sequence).ThenBy(s => s.Party).ToListAsync(cancellationToken);
        var signed = signatures.Select(s => s.Sequence).Distinct().ToList();
        var hashes = await db.CaseEvents.AsNoTracking().Where(e => signed.Contains(e.Sequence))
            .ToDictionaryAsync(e => e.Sequence, e => e.Hash, cancellationToken);
        foreach (var group in signatures.GroupBy(s => s.Sequence))
        {
            var checkpoint = CheckpointMapper.ToProto(group.Key, hashes.GetValueOrDefault(group.Key, string.Empty), group);
            await output.WriteLineAsync(JsonFormatter.Default.Format(new V1.LogExportRecord { Checkpoint = checkpoint }).AsMemory(), cancellationToken);
        }
        return count;
    }

    private static string Text(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? string.Empty : Convert.ToString(reader.GetValue(column), CultureInfo.InvariantCulture) ?? string.Empty;

    // A name the contract does not know (a damaged row) maps to UNSPECIFIED, whose hash then cannot match.
    private static TEnum ParseEnum<TEnum>(string name)
        where TEnum : struct, Enum =>
        ContractNames.TryParse<TEnum>(name, out var value) ? value : default;

    /// <summary>PostgreSQL hands back a UTC DateTime; SQLite stores text.</summary>
    private static DateTime ReadTime(DbDataReader reader, int column) =>
        !reader.IsDBNull(column) && reader.GetValue(column) is DateTime time
            ? DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc)
            : ParseTime(Text(reader, column));

    private static DateTime ParseTime(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : DateTime.UnixEpoch;
}
