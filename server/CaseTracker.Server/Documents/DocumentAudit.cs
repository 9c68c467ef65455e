using System.Security.Cryptography;
using System.Text.Json;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Documents;

/// <summary>
/// Checks the documents against the verified event log, for <c>verify-log</c>: each document row must be the one
/// its DOCUMENT_ADDED event records (SHA-256 and size), stand as its custody events leave it (shared, sealed,
/// withdrawn, purged), and, unless purged, its stored content must hash to that SHA-256. Every document that
/// fails is named, with what failed.
/// </summary>
public static class DocumentAudit
{
    /// <summary>The problems found; none when every document matches the log.</summary>
    public static async Task<(int Checked, IReadOnlyList<string> Problems)> CheckAsync(
        CaseTrackerDbContext db, IDocumentContentStore store, IEnumerable<V1.CaseEvent> events, CancellationToken cancellationToken)
    {
        var logged = Fold(events);
        var problems = new List<string>();
        var rows = await db.Set<Document>().AsNoTracking().OrderBy(d => d.CaseId).ThenBy(d => d.Number).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            if (!logged.Remove(row.Name, out var history))
            {
                problems.Add($"document {row.Name}: no DOCUMENT_ADDED event in the log records it");
                continue;
            }
            problems.AddRange(Compare(row, history).Select(problem => $"document {row.Name}: {problem}"));
            if (row.State != DocumentState.Purged && await ContentProblemAsync(store, history, cancellationToken) is { } content)
            {
                problems.Add($"document {row.Name}: {content}");
            }
        }
        problems.AddRange(logged.Select(l => $"document {l.Key}: the log records it (DOCUMENT_ADDED at sequence {l.Value.AddedAt}) but the database has no such document"));
        return (rows.Count, problems);
    }

    private static IEnumerable<string> Compare(Document row, LoggedDocument history)
    {
        if (row.Sha256 != history.Sha256 || row.SizeBytes != history.SizeBytes)
        {
            yield return $"its SHA-256 and size in the database ({row.Sha256}, {row.SizeBytes} bytes) are not those its DOCUMENT_ADDED event " +
                $"(sequence {history.AddedAt}) recorded ({history.Sha256}, {history.SizeBytes} bytes)";
        }
        if (row.Shared != history.Shared || row.Sealed != history.Sealed || row.State != history.State)
        {
            yield return $"it stands in the database as {Describe(row.Shared, row.Sealed, row.State)}, but its custody events leave it " +
                Describe(history.Shared, history.Sealed, history.State);
        }
    }

    private static async Task<string?> ContentProblemAsync(IDocumentContentStore store, LoggedDocument history, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var size = 0L;
        await foreach (var piece in store.ReadAsync(history.Sha256, 0, cancellationToken))
        {
            hash.AppendData(piece.Span);
            size += piece.Length;
        }
        if (size == 0 && !await store.ContainsAsync(history.Sha256, cancellationToken))
        {
            return $"its content ({store.Describe(history.Sha256)}) is missing";
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        return actual == history.Sha256 && size == history.SizeBytes
            ? null
            : $"its content ({store.Describe(history.Sha256)}, {size} bytes) hashes to {actual}, not to the SHA-256 its DOCUMENT_ADDED event " +
              $"(sequence {history.AddedAt}) recorded";
    }

    private static string Describe(bool shared, bool sealedDocument, DocumentState state) =>
        $"{state.ToString().ToLowerInvariant()}, {(shared ? "shared" : "not shared")}, {(sealedDocument ? "sealed" : "not sealed")}";

    /// <summary>Each document the log records, as its custody events leave it.</summary>
    private static Dictionary<string, LoggedDocument> Fold(IEnumerable<V1.CaseEvent> events)
    {
        var documents = new Dictionary<string, LoggedDocument>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!(e.Type >= V1.CaseEventType.DocumentAdded && e.Type <= V1.CaseEventType.DocumentPurged))
            {
                continue;
            }
            using var payload = JsonDocument.Parse(e.Payload);
            var name = payload.RootElement.GetProperty("document").GetString()!;
            if (e.Type == V1.CaseEventType.DocumentAdded)
            {
                documents[name] = new LoggedDocument(e.Sequence, payload.RootElement.GetProperty("sha256").GetString()!,
                    long.Parse(payload.RootElement.GetProperty("size_bytes").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }
            if (!documents.TryGetValue(name, out var d))
            {
                continue;
            }
            switch (e.Type)
            {
                case V1.CaseEventType.DocumentShared: d.Shared = true; break;
                case V1.CaseEventType.DocumentSealed: d.Sealed = true; break;
                case V1.CaseEventType.DocumentWithdrawn: d.State = DocumentState.Withdrawn; break;
                case V1.CaseEventType.DocumentPurged: d.State = DocumentState.Purged; break;
            }
        }
        return documents;
    }

    private sealed class LoggedDocument(long addedAt, string sha256, long sizeBytes)
    {
        public long AddedAt { get; } = addedAt;

        public string Sha256 { get; } = sha256;

        public long SizeBytes { get; } = sizeBytes;

        public bool Shared { get; set; }

        public bool Sealed { get; set; }

        public DocumentState State { get; set; } = DocumentState.Active;
    }
}

/// <summary>Contexts on fixed options, for the server's subcommands, which run without the host.</summary>
public sealed class CommandDbContextFactory(DbContextOptions<CaseTrackerDbContext> options) : IDbContextFactory<CaseTrackerDbContext>
{
    public CaseTrackerDbContext CreateDbContext() => new(options);
}
