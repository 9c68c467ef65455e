using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Documents;

/// <summary>
/// The custody moves of a document, each with its case event in the same transaction: downloads (recorded before
/// the first byte goes, with a disclosure for personal data), and the changes (share, seal, withdraw, purge) through
/// the writer with the request-id replay, which checks again that the caller may still see the document.
/// </summary>
public sealed class DocumentCustody(
    BatchingWriter writer, IdempotentWriter idempotentWriter, DisclosureLog disclosures, IDocumentContentStore store,
    IDbContextFactory<CaseTrackerDbContext> contexts)
{
    /// <summary>Records who takes the content and from where, before it is sent; and the disclosure, if it is one.</summary>
    public async Task RecordDownloadAsync(Document document, long offset, Actor caller, string method, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(session =>
        {
            session.RecordEvent(document.CaseId, document.Downloaded(offset), caller);
            return Task.FromResult(true);
        }, cancellationToken, new WriteHints(document.CaseId, null));
        if (DocumentVisibility.IsDisclosure(document, caller))
        {
            await disclosures.RecordAsync(caller, method[(method.LastIndexOf('/') + 1)..],
                [new DisclosureDraft(document.CaseId, document.Name, [DocumentVisibility.ContentField])], cancellationToken);
        }
    }

    /// <summary>A change to a document by the caller, with its event, replayed as stored for a repeated request id.</summary>
    public Task<V1.Document> ChangeAsync(
        IMessage request, string rawName, (string CaseId, int Number) name, string requestId, ServerCallContext context,
        Func<Document, Actor, CaseEventDraft> change)
    {
        var caller = Grpc.AuthenticationInterceptor.CallerOf(context);
        return idempotentWriter.RunAsync(caller, context.Method, request, requestId, async session =>
        {
            var found = await CaseAccess.FindToChangeAsync(session, CaseNames.Format(name.CaseId), caller, context.Method);
            var document = DocumentReads.Visible(await session.Db.Set<Document>().FindAsync(name.CaseId, name.Number), found, caller, rawName);
            session.RecordEvent(found.Id, change(document, caller), caller);
            return DocumentMapper.ToProto(document);
        }, async (session, stored) =>
        {
            var found = await session.FindCaseAsync(name.CaseId) ?? throw Permissions(context.Method, caller, name.CaseId);
            CaseTracker.Server.Security.Permissions.DemandOnCase(context.Method, caller, found);
            DocumentReads.Visible(await session.Db.Set<Document>().FindAsync(name.CaseId, name.Number), found, caller, rawName);
            return stored;
        }, context.CancellationToken, name.CaseId);
    }

    /// <summary>Removes purged content from storage, unless another standing document holds the same bytes.</summary>
    public async Task RemoveContentAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<Document>().AnyAsync(d => d.Sha256 == sha256 && d.State != DocumentState.Purged, cancellationToken))
        {
            await store.DeleteAsync(sha256, CancellationToken.None);
        }
    }

    private static Exception Permissions(string method, Actor caller, string caseId) =>
        CaseTracker.Server.Security.Permissions.MissingCase(method, caller, CaseNames.Format(caseId));
}
