using System.Security.Cryptography;
using CaseTracker.V1;
using Google.Protobuf;

namespace CaseTracker.Client.Audit;

/// <summary>
/// Checks an exported event log offline: every sequence present once and in order, every hash link, every
/// event's own hash, and every checkpoint signature against the parties' public keys. It names the first
/// broken sequence, so a rewritten or deleted event is found exactly.
/// </summary>
public sealed class LogVerifier(IReadOnlyDictionary<Party, ECDsa> partyKeys)
{
    /// <summary>Verifies the records of an export, in file order.</summary>
    /// <param name="records">The export's records.</param>
    public LogVerification Verify(IEnumerable<LogExportRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var hashes = new Dictionary<long, string>();
        var expected = 1L;
        var previous = CaseEventHashing.Genesis;
        var checkpoints = new List<LogCheckpoint>();
        foreach (var record in records)
        {
            if (record.RecordCase == LogExportRecord.RecordOneofCase.Checkpoint)
            {
                checkpoints.Add(record.Checkpoint);
                continue;
            }
            var e = record.Event;
            if (e.Sequence != expected)
            {
                return LogVerification.Broken(Math.Min(e.Sequence, expected),
                    e.Sequence > expected ? $"event {expected} is missing" : $"event {e.Sequence} appears again or out of order");
            }
            if (e.PreviousHash != previous)
            {
                return LogVerification.Broken(e.Sequence, "its previous_hash does not match the hash of the event before it");
            }
            if (CaseEventHashing.Compute(e) != e.Hash)
            {
                return LogVerification.Broken(e.Sequence, "its content does not match its hash");
            }
            hashes[e.Sequence] = e.Hash;
            previous = e.Hash;
            expected++;
        }
        foreach (var checkpoint in checkpoints)
        {
            if (!hashes.TryGetValue(checkpoint.Sequence, out var hash) || hash != checkpoint.Hash)
            {
                return LogVerification.Broken(checkpoint.Sequence, "a signed checkpoint does not match the event at its sequence");
            }
            foreach (var signature in checkpoint.Signatures)
            {
                if (!partyKeys.TryGetValue(signature.Party, out var key)
                    || !CaseEventHashing.VerifyCheckpoint(key, checkpoint.Sequence, checkpoint.Hash, signature.Signature.ToByteArray()))
                {
                    return LogVerification.Broken(checkpoint.Sequence, $"the {signature.Party} signature of the checkpoint does not verify");
                }
            }
        }
        return LogVerification.Intact(expected - 1, checkpoints.Sum(c => c.Signatures.Count));
    }

    /// <summary>Reads an export written as JSON Lines of <c>casetracker.v1.LogExportRecord</c>.</summary>
    /// <param name="lines">The file's lines.</param>
    public static IEnumerable<LogExportRecord> ReadExport(IEnumerable<string> lines) =>
        lines.Where(line => line.Length > 0).Select(line => JsonParser.Default.Parse<LogExportRecord>(line));
}

/// <summary>The verdict on an event log.</summary>
/// <param name="IsIntact">Whether every check passed.</param>
/// <param name="FirstBrokenSequence">The first sequence that failed a check, or 0.</param>
/// <param name="Problem">What failed there, or empty.</param>
/// <param name="Events">How many events were verified.</param>
/// <param name="Signatures">How many checkpoint signatures were verified.</param>
public sealed record LogVerification(bool IsIntact, long FirstBrokenSequence, string Problem, long Events, int Signatures)
{
    /// <summary>A log that passed.</summary>
    /// <param name="events">How many events were verified.</param>
    /// <param name="signatures">How many signatures were verified.</param>
    public static LogVerification Intact(long events, int signatures) => new(true, 0, string.Empty, events, signatures);

    /// <summary>A log broken at a sequence.</summary>
    /// <param name="sequence">The first broken sequence.</param>
    /// <param name="problem">What is wrong there.</param>
    public static LogVerification Broken(long sequence, string problem) => new(false, sequence, problem, 0, 0);
}
