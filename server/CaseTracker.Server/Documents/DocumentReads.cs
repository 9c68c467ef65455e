using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Documents;

/// <summary>Reading documents as the caller may see them (<see cref="DocumentVisibility"/>), with their custody from the event log.</summary>
public sealed class DocumentReads(IDbContextFactory<CaseTrackerDbContext> contexts)
{
    /// <summary>The case and the document, when the caller may see the document; refused like a missing one otherwise.</summary>
    public async Task<(Case Case, Document Document)> FindVisibleAsync(
        string rawName, (string CaseId, int Number) name, Actor caller, string method, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == name.CaseId, cancellationToken)
            ?? throw Permissions.MissingCase(method, caller, CaseNames.Format(name.CaseId));
        var document = await db.Set<Document>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.CaseId == name.CaseId && d.Number == name.Number, cancellationToken);
        return (found, Visible(document, found, caller, rawName));
    }

    /// <summary><paramref name="document"/> when <paramref name="caller"/> may see it; the refusal otherwise.</summary>
    public static Document Visible(Document? document, Case c, Actor caller, string rawName)
    {
        if (document is null)
        {
            // Only a co-chair sees every document, so only a co-chair learns that one does not exist.
            throw caller.Role == Role.CoChair
                ? new DocumentRuleException(ErrorReasons.DocumentNotFound, $"No document is named '{rawName}'.", RefusalKind.NotFound,
                    new Dictionary<string, string> { ["name"] = rawName })
                : DocumentVisibility.NotVisible(rawName, caller);
        }
        return DocumentVisibility.MaySee(document, c, caller) ? document : throw DocumentVisibility.NotVisible(rawName, caller);
    }

    /// <summary>The documents of a case the caller may see, after number <paramref name="after"/>, in filing order.</summary>
    public async Task<List<Document>> ListVisibleAsync(string parent, Actor caller, string method, int after, int fetch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = CaseNames.TryParse(parent);
        var found = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw Permissions.MissingCase(method, caller, parent);
        return await DocumentVisibility.VisibleTo(db.Set<Document>().AsNoTracking().Where(d => d.CaseId == found.Id && d.Number > after), found, caller)
            .OrderBy(d => d.Number).Take(fetch).ToListAsync(cancellationToken);
    }

    /// <summary>The document's custody events, oldest first.</summary>
    public async Task<List<CaseEventRecord>> CustodyAsync(Document document, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = await db.CaseEvents.AsNoTracking()
            .Where(e => e.CaseId == document.CaseId && e.Type.StartsWith(DocumentMapper.DocumentEventPrefix))
            .OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return events.Where(e => DocumentMapper.DocumentOf(e) == document.Name).ToList();
    }
}
