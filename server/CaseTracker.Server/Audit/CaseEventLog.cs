using CaseTracker.Client;
using CaseTracker.Client.Audit;
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
        return head is null ? new CaseEventLog(0, CaseEventHashing.Genesis) : new CaseEventLog(head.Sequence, head.Hash);
    }

    /// <summary>Builds the next event of the chain. The caller adds it to the same unit of work as the change.</summary>
    public CaseEventRecord Append(string caseId, CaseEventDraft draft, Actor actor, DateTime now)
    {
        var sequence = HeadSequence + 1;
        var type = EventNames.Type(draft.Type);
        var party = EventNames.Party(actor.Party);
        var payload = CanonicalPayload.Write(draft.Payload);
        var role = EventNames.Role(actor.Role);
        var hash = CaseEventHashing.Compute(sequence, CaseNames.Format(caseId), type, actor.Id, party, role, now, payload, HeadHash);
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

/// <summary>
/// The contract's names of the domain's values, which the event log stores and hashes. The domain's enums
/// share the contract's numbers, so the contract's own names are looked up (<see cref="ContractNames"/>).
/// </summary>
public static class EventNames
{
    public static string Type(CaseEventType type) => ContractNames.Of((V1.CaseEventType)type);

    public static string Party(Party party) => ContractNames.Of((V1.Party)party);

    public static string Role(Role role) => ContractNames.Of((V1.Role)role);
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
