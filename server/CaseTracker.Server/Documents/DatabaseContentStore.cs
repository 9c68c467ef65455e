using System.Runtime.CompilerServices;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Documents;

/// <summary>
/// Content in the database, so that every node of a PostgreSQL deployment serves every document: an upload's
/// pieces in <c>DocumentUploadChunks</c> (each committed as it arrives, so any node can resume it), copied in one
/// transaction to <c>DocumentContentChunks</c> under the content's SHA-256 once the hash is known. The copy runs
/// inside the database, with one statement, and commits before the event that records the document.
/// </summary>
public sealed class DatabaseContentStore(IDbContextFactory<CaseTrackerDbContext> contexts) : IDocumentContentStore
{
    public string Describe(string sha256) => $"DocumentContentChunks where Sha256 = '{sha256}'";

    public async Task<IUploadPart> OpenUploadAsync(string uploadKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var received = await db.Set<DocumentUploadChunk>().Where(c => c.UploadKey == uploadKey)
            .SumAsync(c => (long)c.Length, cancellationToken);
        return new DatabasePart(contexts, uploadKey, received);
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string sha256, long offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<(long Offset, int Length)> pieces;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            pieces = (await db.Set<DocumentContentChunk>().AsNoTracking().Where(c => c.Sha256 == sha256 && c.Offset + c.Length > offset)
                .OrderBy(c => c.Offset).Select(c => new { c.Offset, c.Length }).ToListAsync(cancellationToken))
                .Select(c => (c.Offset, c.Length)).ToList();
        }
        foreach (var (start, _) in pieces)
        {
            byte[] data;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                data = await db.Set<DocumentContentChunk>().AsNoTracking().Where(c => c.Sha256 == sha256 && c.Offset == start)
                    .Select(c => c.Data).SingleAsync(cancellationToken);
            }
            var skip = (int)Math.Max(0, offset - start);
            yield return data.AsMemory(skip);
        }
    }

    public async Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<DocumentContentChunk>().AnyAsync(c => c.Sha256 == sha256, cancellationToken);
    }

    public async Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<DocumentContentChunk>().Where(c => c.Sha256 == sha256).ExecuteDeleteAsync(cancellationToken);
    }

    private sealed class DatabasePart(IDbContextFactory<CaseTrackerDbContext> contexts, string uploadKey, long received) : IUploadPart
    {
        public long Received { get; private set; } = received;

        public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            List<long> offsets;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                offsets = await db.Set<DocumentUploadChunk>().Where(c => c.UploadKey == uploadKey).OrderBy(c => c.Offset)
                    .Select(c => c.Offset).ToListAsync(cancellationToken);
            }
            foreach (var offset in offsets)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                yield return await db.Set<DocumentUploadChunk>().Where(c => c.UploadKey == uploadKey && c.Offset == offset)
                    .Select(c => c.Data).SingleAsync(cancellationToken);
            }
        }

        public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Add(new DocumentUploadChunk(uploadKey, Received, data.Length, data.ToArray()));
            await db.SaveChangesAsync(cancellationToken);
            Received += data.Length;
        }

        public async Task StoreAsync(string sha256, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await db.Set<DocumentContentChunk>().AnyAsync(c => c.Sha256 == sha256, cancellationToken))
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO "DocumentContentChunks" ("Sha256", "Offset", "Length", "Data")
                    SELECT {sha256}, "Offset", "Length", "Data" FROM "DocumentUploadChunks" WHERE "UploadKey" = {uploadKey}
                    """, cancellationToken);
            }
            await db.Set<DocumentUploadChunk>().Where(c => c.UploadKey == uploadKey).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        public async Task DiscardAsync(CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Set<DocumentUploadChunk>().Where(c => c.UploadKey == uploadKey).ExecuteDeleteAsync(cancellationToken);
            Received = 0;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
