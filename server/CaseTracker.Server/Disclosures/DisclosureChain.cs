using CaseTracker.Client;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Disclosures;

/// <summary>
/// Checks the disclosure log's own hash chain, row by row in sequence order: each sequence follows the one before,
/// each row names the previous row's hash, and each hash is the row's canonical text (<see cref="DisclosureHashing"/>)
/// recomputed. A restore runs it on the copy, so a backup whose disclosure rows were changed is refused.
/// </summary>
public static class DisclosureChain
{
    /// <summary>What the check found: the rows read, the head, and the first broken row with what is wrong, if any.</summary>
    public sealed record Result(long Rows, long HeadSequence, string HeadHash, long? FirstBrokenSequence, string Problem)
    {
        public bool IsIntact => FirstBrokenSequence is null;
    }

    /// <summary>Verifies <paramref name="rows"/>, which must come in sequence order, from the first disclosure.</summary>
    public static Result Verify(IEnumerable<DisclosureRecord> rows)
    {
        var (count, sequence, previous) = (0L, 0L, CaseEventHashing.Genesis);
        foreach (var row in rows)
        {
            count++;
            var problem = ProblemOf(row, sequence + 1, previous);
            if (problem is not null)
            {
                return new Result(count, sequence, previous, row.Sequence, problem);
            }
            (sequence, previous) = (row.Sequence, row.Hash);
        }
        return new Result(count, sequence, previous, null, string.Empty);
    }

    private static string? ProblemOf(DisclosureRecord row, long expectedSequence, string previousHash)
    {
        if (row.Sequence != expectedSequence)
        {
            return $"disclosure {expectedSequence} is missing (the next row is {row.Sequence})";
        }
        if (row.PreviousHash != previousHash)
        {
            return $"its previous_hash {row.PreviousHash} is not the hash of disclosure {expectedSequence - 1} ({previousHash})";
        }
        var computed = DisclosureHashing.Compute(row.Sequence, row.DiscloseTime, ContractNames.Of((V1.Party)row.CallerParty), row.Caller,
            ContractNames.Of((V1.Role)row.CallerRole), row.CaseId.Length == 0 ? string.Empty : CaseNames.Format(row.CaseId), row.Record,
            row.Fields.Split(',', StringSplitOptions.RemoveEmptyEntries), row.Method, row.PreviousHash);
        return computed == row.Hash ? null : $"its hash {row.Hash} is not the hash of its contents ({computed}): the row was changed";
    }
}
