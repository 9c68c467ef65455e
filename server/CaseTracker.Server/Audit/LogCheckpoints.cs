using CaseTracker.Client.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Audit;

/// <summary>
/// Checkpoints of the log: its head (or any event) with the parties' signatures over it, and a party's
/// signature added after it verifies with that party's public key.
/// </summary>
public sealed class LogCheckpoints(
    IDbContextFactory<CaseTrackerDbContext> contexts, IdempotentWriter writer, TokenKeys partyKeys, TimeProvider clock)
{
    public async Task<V1.LogCheckpoint> GetAsync(V1.GetLogCheckpointRequest request, CancellationToken cancellationToken)
    {
        if (request.Sequence < 0)
        {
            new RequestValidator(clock).Add("sequence", "must not be negative").ThrowIfInvalid();
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = db.CaseEvents.AsNoTracking();
        var head = request.Sequence == 0
            ? await events.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken)
            : await events.Where(e => e.Sequence == request.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return request.Sequence == 0
                ? new V1.LogCheckpoint { Sequence = 0, Hash = CaseEventHashing.Genesis }
                : throw AuditRefusals.NoSuchEvent(request.Sequence);
        }
        var signatures = await db.CheckpointSignatures.AsNoTracking().Where(s => s.Sequence == head.Sequence).OrderBy(s => s.Party).ToListAsync(cancellationToken);
        return CheckpointMapper.ToProto(head.Sequence, head.Hash, signatures);
    }

    public Task<V1.LogCheckpoint> SignAsync(V1.SignCheckpointRequest request, Actor caller, string method, CancellationToken cancellationToken)
    {
        Validate(request);
        var keys = partyKeys.PublicKeysOf(caller.Party);
        if (keys.Count == 0)
        {
            throw AuditRefusals.NoPublicKey(caller.Party);
        }
        if (!keys.Any(key => CaseEventHashing.VerifyCheckpoint(key, request.Sequence, request.Hash.ToLowerInvariant(), request.Signature.ToByteArray())))
        {
            throw AuditRefusals.SignatureDoesNotVerify(caller.Party);
        }
        return writer.RunAsync(caller, method, request, request.RequestId, async session =>
        {
            var at = await session.Db.CaseEvents.FindAsync(request.Sequence);
            if (at is null || at.Hash != request.Hash.ToLowerInvariant())
            {
                throw AuditRefusals.CheckpointMismatch(request.Sequence);
            }
            var existing = await session.Db.CheckpointSignatures.FindAsync(request.Sequence, caller.Party);
            if (existing is null)
            {
                session.Db.CheckpointSignatures.Add(new CheckpointSignatureRecord(request.Sequence, caller.Party, request.Signature.ToByteArray(), caller.Id, session.Now));
            }
            else
            {
                existing.Replace(request.Signature.ToByteArray(), caller.Id, session.Now);
            }
            await session.Db.CheckpointSignatures.Where(s => s.Sequence == request.Sequence).LoadAsync();
            var all = session.Db.CheckpointSignatures.Local.Where(s => s.Sequence == request.Sequence).OrderBy(s => s.Party);
            return CheckpointMapper.ToProto(request.Sequence, at.Hash, all);
        }, cancellationToken);
    }

    private void Validate(V1.SignCheckpointRequest request)
    {
        var validator = new RequestValidator(clock).RequestId(request.RequestId);
        if (request.Sequence <= 0)
        {
            validator.Add("sequence", "must be a sequence number of the log");
        }
        if (request.Hash.Length != 64 || !request.Hash.All(Uri.IsHexDigit))
        {
            validator.Add("hash", "must be 64 hexadecimal characters");
        }
        if (request.Signature.Length is 0 or > 512)
        {
            validator.Add("signature", "must be an ECDSA P-256 signature in IEEE P1363 form");
        }
        validator.ThrowIfInvalid();
    }
}
