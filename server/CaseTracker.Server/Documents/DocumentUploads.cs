using System.Collections.Concurrent;
using System.Security.Cryptography;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Documents;

/// <summary>
/// Files a document from an upload: checks the header against the limits, appends the pieces to the upload's part
/// (skipping bytes already held, so a dropped upload resumes), hashes them, sniffs the media type, makes the content
/// durable under its hash, and only then commits the document and its DOCUMENT_ADDED event through the writer. An
/// upload ID already filed returns its document.
/// </summary>
public sealed class DocumentUploads(
    BatchingWriter writer,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    IDocumentContentStore store,
    IOptions<DocumentOptions> options,
    TimeProvider clock)
{
    /// <summary>The largest piece one message may carry.</summary>
    public const int MaxChunkBytes = 1024 * 1024;

    private static readonly TimeSpan WaitForEarlierCall = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _uploads = new(StringComparer.Ordinal);

    /// <summary>One upload call. <paramref name="announceReceived"/> tells the client how much is already held, before any piece is read.</summary>
    public async Task<Document> UploadAsync(
        UploadRequest request, Actor caller, IAsyncEnumerable<UploadPiece> pieces, Func<long, Task> announceReceived, CancellationToken cancellationToken)
    {
        var header = request.Header;
        var uploadKey = $"{IdempotentWriter.CallerKey(caller)}|{request.UploadId}";
        // Who may upload to the case first: a caller who may not is told so, whatever the file's size.
        var c = await FindCaseAsync(request.CaseName, caller, request.Method, cancellationToken);
        RequireWithinFileLimit(header.SizeBytes);
        if (await FiledAsync(uploadKey, request.HeaderHash, cancellationToken) is { } filed)
        {
            return filed;
        }
        await RequireRoomInCaseAsync(c.Id, header.SizeBytes, cancellationToken);
        await BeginAsync(uploadKey, c.Id, request.HeaderHash, cancellationToken);

        var gate = _uploads.GetOrAdd(uploadKey, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(WaitForEarlierCall, cancellationToken))
        {
            throw new DocumentRuleException(ErrorReasons.UploadInProgress,
                "Another call is still sending this upload; wait for it to end, then resume with the same upload_id.", RefusalKind.NotNow);
        }
        try
        {
            await using var part = await store.OpenUploadAsync(uploadKey, cancellationToken);
            var (sha256, mediaType, trailerSha256) = await ReceiveAsync(part, header, pieces, announceReceived, cancellationToken);
            // The hash may be declared in the header (known before sending), in the trailer (hashed while sending),
            // or both: each one declared must be the hash of the bytes held, resumed ones included.
            if (new[] { header.DeclaredSha256, trailerSha256 }.FirstOrDefault(d => d.Length > 0 && !string.Equals(d, sha256, StringComparison.OrdinalIgnoreCase)) is { } declared)
            {
                await part.DiscardAsync(CancellationToken.None);
                throw new DocumentRuleException(ErrorReasons.Sha256Mismatch,
                    $"The bytes received hash to {sha256}, not to the declared {declared}; nothing was filed, and what was received is discarded. " +
                    "Send the file again from the start.",
                    RefusalKind.BadInput, new Dictionary<string, string> { ["sha256"] = sha256, ["declared_sha256"] = declared });
            }
            RequireAllowed(mediaType);
            // From here on the caller's cancellation no longer matters: the bytes are all here, and filing them
            // means a resumed call finds the document instead of sending it again.
            await part.StoreAsync(sha256, CancellationToken.None);
            var document = await FileAsync(request, header, uploadKey, sha256, mediaType, caller);
            // Filed: a later call with this upload ID returns the document before it reaches the gate. A call
            // already waiting on this gate still finds the document filed, in the writer.
            _uploads.TryRemove(KeyValuePair.Create(uploadKey, gate));
            return document;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(string Sha256, string MediaType, string TrailerSha256)> ReceiveAsync(
        IUploadPart part, DocumentUploadHeader header, IAsyncEnumerable<UploadPiece> pieces, Func<long, Task> announceReceived,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new HeadBytes();
        if (part.Received > header.SizeBytes)
        {
            await part.DiscardAsync(cancellationToken);
        }
        await foreach (var held in part.ReadAsync(cancellationToken))
        {
            hash.AppendData(held.Span);
            head.Add(held.Span);
        }
        var received = part.Received;
        var trailerSha256 = string.Empty;
        await announceReceived(received);
        await foreach (var piece in pieces.WithCancellation(cancellationToken))
        {
            if (piece.DeclaredSha256 is { } declared)
            {
                trailerSha256 = declared;
                continue;
            }
            if (piece.Data.Length > MaxChunkBytes)
            {
                throw ApiException.InvalidRequest([new FieldViolation("chunk.data", $"at most {MaxChunkBytes} bytes (1 MiB) in one message; this one has {piece.Data.Length}")]);
            }
            if (piece.Offset > received)
            {
                throw new DocumentRuleException(ErrorReasons.UploadOffsetMismatch,
                    $"This piece starts at byte {piece.Offset}, but the server holds only {received} bytes of the upload: continue from byte {received}.",
                    RefusalKind.NotNow, new Dictionary<string, string> { ["received_bytes"] = received.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }
            var skip = received - piece.Offset;
            if (skip >= piece.Data.Length)
            {
                continue;
            }
            var data = piece.Data[(int)skip..];
            if (received + data.Length > header.SizeBytes)
            {
                throw ApiException.InvalidRequest([new FieldViolation("chunk.data", $"the content is longer than header.size_bytes ({header.SizeBytes})")]);
            }
            if (head.Add(data.Span) && head.IsFull(header.SizeBytes))
            {
                RequireAllowed(MediaTypes.Sniff(head.Bytes, wholeContent: head.Length == header.SizeBytes));
            }
            // The file write runs on another thread while this one hashes the same bytes.
            var appending = part.AppendAsync(data, cancellationToken);
            hash.AppendData(data.Span);
            await appending;
            received += data.Length;
        }
        if (received < header.SizeBytes)
        {
            throw new DocumentRuleException(ErrorReasons.UploadIncomplete,
                $"The stream ended after {received} of {header.SizeBytes} bytes; nothing is filed yet. Resume with the same upload_id from byte {received}.",
                RefusalKind.NotNow, new Dictionary<string, string> { ["received_bytes"] = received.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), MediaTypes.Sniff(head.Bytes, wholeContent: head.Length == header.SizeBytes), trailerSha256);
    }

    private async Task<Document> FileAsync(UploadRequest request, DocumentUploadHeader header, string uploadKey, string sha256, string mediaType, Actor caller)
    {
        var caseId = CaseNames.TryParse(request.CaseName)!;
        return await writer.WriteAsync(async session =>
        {
            var found = await CaseAccess.FindToChangeAsync(session, request.CaseName, caller, request.Method);
            var documents = session.Db.Set<Document>();
            // Documents filed earlier in this batch are not saved yet: the queries below do not see them.
            var added = session.Db.ChangeTracker.Entries<Document>().Where(e => e.State == EntityState.Added && e.Entity.CaseId == found.Id)
                .Select(e => e.Entity).ToList();
            if ((added.FirstOrDefault(d => d.UploadKey == uploadKey) ?? await documents.FirstOrDefaultAsync(d => d.UploadKey == uploadKey)) is { } filed)
            {
                return filed;
            }
            var held = await documents.Where(d => d.CaseId == found.Id && d.State != DocumentState.Purged).SumAsync(d => d.SizeBytes)
                + added.Sum(d => d.SizeBytes);
            RequireRoom(held, header.SizeBytes);
            var last = Math.Max(
                await documents.Where(d => d.CaseId == found.Id).MaxAsync(d => (int?)d.Number) ?? 0,
                added.Select(d => d.Number).DefaultIfEmpty(0).Max());
            var document = new Document(found.Id, last + 1, header, mediaType, sha256, caller, uploadKey, session.Now);
            documents.Add(document);
            session.RecordEvent(found.Id, document.Added(), caller);
            return document;
        }, CancellationToken.None, new WriteHints(caseId, null));
    }

    private async Task<Case> FindCaseAsync(string caseName, Actor caller, string method, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = CaseNames.TryParse(caseName);
        var found = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw Permissions.MissingCase(method, caller, caseName);
        Permissions.DemandOnCase(method, caller, found);
        return found;
    }

    private async Task<Document?> FiledAsync(string uploadKey, string headerHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var upload = await db.Set<DocumentUploadRecord>().AsNoTracking().FirstOrDefaultAsync(u => u.UploadKey == uploadKey, cancellationToken);
        if (upload is not null && upload.HeaderHash != headerHash)
        {
            throw new DocumentRuleException(ErrorReasons.UploadIdReused,
                "This upload_id was first used for another document (another case, title, kind, size or hash); use a new upload_id for a new document.",
                RefusalKind.NotNow);
        }
        return await db.Set<Document>().AsNoTracking().FirstOrDefaultAsync(d => d.UploadKey == uploadKey, cancellationToken);
    }

    private async Task BeginAsync(string uploadKey, string caseId, string headerHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<DocumentUploadRecord>().AnyAsync(u => u.UploadKey == uploadKey, cancellationToken))
        {
            return;
        }
        db.Add(new DocumentUploadRecord(uploadKey, caseId, headerHash, clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another call began an upload with this ID at the same moment: the same one is ordered by the gate below.
            if (!await SameUploadBegunAsync(uploadKey, headerHash, cancellationToken))
            {
                throw;
            }
        }
    }

    private async Task<bool> SameUploadBegunAsync(string uploadKey, string headerHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<DocumentUploadRecord>().AnyAsync(u => u.UploadKey == uploadKey && u.HeaderHash == headerHash, cancellationToken);
    }

    private async Task RequireRoomInCaseAsync(string caseId, long sizeBytes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var held = await db.Set<Document>().Where(d => d.CaseId == caseId && d.State != DocumentState.Purged).SumAsync(d => d.SizeBytes, cancellationToken);
        RequireRoom(held, sizeBytes);
    }

    private void RequireWithinFileLimit(long sizeBytes)
    {
        var limit = options.Value.MaxFileBytes;
        if (sizeBytes > limit)
        {
            throw new DocumentRuleException(ErrorReasons.DocumentTooLarge,
                $"The document has {sizeBytes} bytes; at most {limit} bytes ({limit / (1024 * 1024)} MiB) are accepted in one document (Documents:MaxFileBytes).",
                RefusalKind.Exhausted, Sizes(sizeBytes, limit));
        }
    }

    private void RequireRoom(long held, long sizeBytes)
    {
        var limit = options.Value.MaxCaseBytes;
        if (held + sizeBytes > limit)
        {
            throw new DocumentRuleException(ErrorReasons.CaseDocumentsFull,
                $"The case holds {held} bytes of documents; {sizeBytes} more would pass its limit of {limit} bytes (Documents:MaxCaseBytes). " +
                "Withdraw and purge what is not evidence, or ask the operators to raise the limit.",
                RefusalKind.Exhausted, Sizes(sizeBytes, limit));
        }
    }

    private void RequireAllowed(string mediaType)
    {
        if (!options.Value.AllowedMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            throw new DocumentRuleException(ErrorReasons.MediaTypeNotAllowed,
                $"The content is {(mediaType == MediaTypes.Unknown ? "of no known type" : mediaType)} (read from its first bytes, not its name); " +
                $"documents may be {string.Join(", ", options.Value.AllowedMediaTypes)}.",
                RefusalKind.BadInput, new Dictionary<string, string> { ["media_type"] = mediaType });
        }
    }

    private static Dictionary<string, string> Sizes(long sizeBytes, long limit) => new()
    {
        ["size_bytes"] = sizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["limit_bytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The first bytes of the content, for sniffing its type.</summary>
    private sealed class HeadBytes
    {
        private readonly byte[] _bytes = new byte[MediaTypes.HeadLength];

        public int Length { get; private set; }

        public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

        /// <summary>Adds what fits; true when this call completed or extended the head.</summary>
        public bool Add(ReadOnlySpan<byte> data)
        {
            var take = Math.Min(_bytes.Length - Length, data.Length);
            if (take == 0)
            {
                return false;
            }
            data[..take].CopyTo(_bytes.AsSpan(Length));
            Length += take;
            return true;
        }

        public bool IsFull(long sizeBytes) => Length == Math.Min(_bytes.Length, sizeBytes);
    }
}

/// <summary>What one upload call asks for: the case, the caller's upload ID, the header (and its hash, which identifies the upload), the method.</summary>
public sealed record UploadRequest(string CaseName, string UploadId, DocumentUploadHeader Header, string HeaderHash, string Method);

/// <summary>
/// A message of an upload after its header, as it arrived: a piece of content, or last, the trailer, which carries
/// no content and the SHA-256 the client declares once it has sent everything (<see cref="DeclaredSha256"/>).
/// </summary>
public readonly record struct UploadPiece(long Offset, ReadOnlyMemory<byte> Data)
{
    /// <summary>On the trailer: the hash declared (empty when none); null on a piece of content.</summary>
    public string? DeclaredSha256 { get; init; }

    /// <summary>The trailer, with the hash the client declares for the whole content.</summary>
    public static UploadPiece Trailer(string declaredSha256) => new(0, ReadOnlyMemory<byte>.Empty) { DeclaredSha256 = declaredSha256 };
}
