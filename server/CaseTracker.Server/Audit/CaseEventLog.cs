using CaseTracker.Server.Cases;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Audit;

/// <summary>
/// Appends case events to the hash chain. It lives for one write transaction: the head is read inside
/// that transaction, so no other writer can slip an event in between the read and the append.
/// </summary>
public sealed class CaseEventLog
{
    private CaseEventLog(long headSequence, string headHash)
    {
        HeadSequence = headSequence;
        HeadHash = headHash;
    }

    public long HeadSequence { get; private set; }

    public string HeadHash { get; private set; }

    public static async Task<CaseEventLog> OpenAtHeadAsync(DbSet<CaseEventRecord> events, CancellationToken cancellationToken)
    {
        var head = await events.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        return head is null ? new CaseEventLog(0, CaseEventHash.Genesis) : new CaseEventLog(head.Sequence, head.Hash);
    }

    /// <summary>Builds the next event of the chain. The caller adds it to the same unit of work as the change.</summary>
    public CaseEventRecord Append(string caseId, CaseEventDraft draft, Actor actor, DateTime now)
    {
        var sequence = HeadSequence + 1;
        var type = EventNames.Type(draft.Type);
        var party = EventNames.Party(actor.Party);
        var payload = CanonicalPayload.Write(draft.Payload);
        var role = EventNames.Role(actor.Role);
        var hash = CaseEventHash.Compute(sequence, CaseNames.Format(caseId), type, actor.Id, party, role, now, payload, HeadHash);
        var record = new CaseEventRecord(sequence, caseId, type, actor.Id, party, role, now, payload, HeadHash, hash);
        HeadSequence = sequence;
        HeadHash = hash;
        return record;
    }

    /// <summary>Moves the head back when the mutation that appended is rolled back.</summary>
    public void ResetTo(long sequence, string hash)
    {
        HeadSequence = sequence;
        HeadHash = hash;
    }
}

/// <summary>The contract's enum value names, which the event log stores and hashes.</summary>
public static class EventNames
{
    public static string Type(CaseEventType type) => "CASE_EVENT_TYPE_" + ScreamingSnake(type.ToString());

    public static string Party(Party party) =>
        Enum.IsDefined(party) ? "PARTY_" + party.ToString().ToUpperInvariant() : "PARTY_UNSPECIFIED";

    public static string Role(Role role) =>
        Enum.IsDefined(role) ? "ROLE_" + ScreamingSnake(role.ToString()) : "ROLE_UNSPECIFIED";

    private static string ScreamingSnake(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + ch : ch.ToString())).ToUpperInvariant();
}

/// <summary>Compact JSON with keys in the order given: the same draft always gives the same bytes.</summary>
public static class CanonicalPayload
{
    public static string Write(IReadOnlyList<KeyValuePair<string, string>> payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in payload)
            {
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
