using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Documents;

/// <summary>
/// The <c>casetracker.v1.DocumentService</c> endpoint: uploads through <see cref="DocumentUploads"/>, reads as
/// <see cref="DocumentVisibility"/> allows, downloads that record their custody event (and a disclosure for
/// personal data) before the first byte, and the custody moves through the writer with the request-id replay.
/// </summary>
public sealed class DocumentGrpcService(
    DocumentUploads uploads,
    DocumentReads reads,
    DocumentCustody custody,
    IDocumentContentStore store,
    Pager pager,
    TimeProvider clock) : V1.DocumentService.DocumentServiceBase
{
    /// <summary>The response header that says how many bytes of a resumed upload the server already holds.</summary>
    public const string ReceivedBytesHeader = "casetracker-upload-received-bytes";

    private const int PieceBytes = 1024 * 1024;

    public override async Task<V1.Document> UploadDocument(IAsyncStreamReader<V1.UploadDocumentRequest> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.MessageCase != V1.UploadDocumentRequest.MessageOneofCase.Header)
        {
            throw ApiException.InvalidRequest([new FieldViolation("header", "required: the first message of an upload is its header")]);
        }
        var header = requestStream.Current.Header;
        Validate(header);
        var caller = AuthenticationInterceptor.CallerOf(context);
        var request = new UploadRequest(header.Parent, header.UploadId, DocumentMapper.ToHeader(header),
            Convert.ToHexStringLower(SHA256.HashData(header.ToByteArray())), context.Method);
        var document = await uploads.UploadAsync(request, caller, Pieces(requestStream, context.CancellationToken),
            received => context.WriteResponseHeadersAsync(new Metadata { { ReceivedBytesHeader, received.ToString(CultureInfo.InvariantCulture) } }),
            context.CancellationToken);
        return DocumentMapper.ToProto(document);
    }

    public override async Task<V1.Document> GetDocument(V1.GetDocumentRequest request, ServerCallContext context)
    {
        var name = DocumentName("name", request.Name);
        var caller = AuthenticationInterceptor.CallerOf(context);
        var (_, document) = await reads.FindVisibleAsync(request.Name, name, caller, context.Method, context.CancellationToken);
        return DocumentMapper.ToProto(document, await reads.CustodyAsync(document, context.CancellationToken));
    }

    public override async Task<V1.ListDocumentsResponse> ListDocuments(V1.ListDocumentsRequest request, ServerCallContext context)
    {
        new RequestValidator(clock).CaseName("parent", request.Parent).ThrowIfInvalid();
        var caseId = CaseNames.TryParse(request.Parent)!;
        var page = pager.Open(request.PageSize, request.PageToken, $"documents\n{caseId}");
        var after = page.Position is { } position ? int.Parse(position, CultureInfo.InvariantCulture) : 0;
        var caller = AuthenticationInterceptor.CallerOf(context);
        var fetched = await reads.ListVisibleAsync(request.Parent, caller, context.Method, after, page.Fetch, context.CancellationToken);
        return new V1.ListDocumentsResponse
        {
            Documents = { page.Items(fetched).Select(d => DocumentMapper.ToProto(d)) },
            NextPageToken = page.NextToken(fetched, d => d.Number.ToString(CultureInfo.InvariantCulture)),
        };
    }

    public override async Task DownloadDocument(
        V1.DownloadDocumentRequest request, IServerStreamWriter<V1.DownloadDocumentResponse> responseStream, ServerCallContext context)
    {
        var validator = new RequestValidator(clock);
        var name = DocumentNames.TryParse(request.Name);
        if (name is null)
        {
            validator.Add("name", NameProblem(request.Name));
        }
        if (request.Offset < 0)
        {
            validator.Add("offset", "must be 0 or more");
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var (_, document) = await reads.FindVisibleAsync(request.Name, name!.Value, caller, context.Method, context.CancellationToken);
        document.RequireContent();
        if (request.Offset > document.SizeBytes)
        {
            new RequestValidator(clock).Add("offset", $"must be at most the document's size, {document.SizeBytes}").ThrowIfInvalid();
        }
        await custody.RecordDownloadAsync(document, request.Offset, caller, context.Method, context.CancellationToken);
        await SendAsync(document, request.Offset, responseStream, context.CancellationToken);
    }

    public override Task<V1.Document> ShareDocument(V1.ShareDocumentRequest request, ServerCallContext context)
    {
        var name = DocumentName("name", request.Name, v => v.RequestId(request.RequestId));
        return Change(request, request.Name, name, request.RequestId, context, (d, caller) => d.Share(caller));
    }

    public override Task<V1.Document> SealDocument(V1.SealDocumentRequest request, ServerCallContext context)
    {
        var name = DocumentName("name", request.Name, v => v.RequestId(request.RequestId).RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength));
        return Change(request, request.Name, name, request.RequestId, context, (d, caller) => d.Seal(caller, request.Reason.Trim()));
    }

    public override Task<V1.Document> WithdrawDocument(V1.WithdrawDocumentRequest request, ServerCallContext context)
    {
        var name = DocumentName("name", request.Name, v => v.RequestId(request.RequestId).RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength));
        return Change(request, request.Name, name, request.RequestId, context, (d, caller) => d.Withdraw(caller, request.Reason.Trim()));
    }

    public override async Task<V1.Document> PurgeDocumentContent(V1.PurgeDocumentContentRequest request, ServerCallContext context)
    {
        var name = DocumentName("name", request.Name, v => v.RequestId(request.RequestId));
        var document = await Change(request, request.Name, name, request.RequestId, context, (d, caller) => d.ApprovePurge(caller));
        if (document.State == V1.Document.Types.State.Purged)
        {
            await custody.RemoveContentAsync(document.Sha256, context.CancellationToken);
        }
        return document;
    }

    private Task<V1.Document> Change(
        IMessage request, string rawName, (string CaseId, int Number) name, string requestId, ServerCallContext context, Func<Document, Cases.Actor, Cases.CaseEventDraft> change) =>
        custody.ChangeAsync(request, rawName, name, requestId, AuthenticationInterceptor.CallerOf(context), context.Method, change, context.CancellationToken);

    private async Task SendAsync(Document document, long offset, IServerStreamWriter<V1.DownloadDocumentResponse> responseStream, CancellationToken cancellationToken)
    {
        // A whole download is hashed as it goes: content changed on disk is refused at the end, not passed on silently.
        using var hash = offset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var position = offset;
        var first = true;
        await foreach (var piece in store.ReadAsync(document.Sha256, offset, cancellationToken))
        {
            for (var start = 0; start < piece.Length; start += PieceBytes)
            {
                var slice = piece.Slice(start, Math.Min(PieceBytes, piece.Length - start));
                // The message wraps the store's buffer (no copy), which stays valid until the next piece is asked
                // for; the write drains it to the connection while this thread hashes it.
                var writing = responseStream.WriteAsync(new V1.DownloadDocumentResponse
                {
                    Sha256 = first ? document.Sha256 : string.Empty,
                    SizeBytes = first ? document.SizeBytes : 0,
                    Offset = position,
                    Data = UnsafeByteOperations.UnsafeWrap(slice),
                }, cancellationToken);
                hash?.AppendData(slice.Span);
                await writing;
                first = false;
                position += slice.Length;
            }
        }
        if (position != document.SizeBytes || (hash is not null && Convert.ToHexStringLower(hash.GetHashAndReset()) != document.Sha256))
        {
            throw ContentDamaged(document);
        }
        if (first)
        {
            await responseStream.WriteAsync(new V1.DownloadDocumentResponse { Sha256 = document.Sha256, SizeBytes = document.SizeBytes, Offset = position }, cancellationToken);
        }
    }

    private static async IAsyncEnumerable<UploadPiece> Pieces(IAsyncStreamReader<V1.UploadDocumentRequest> requestStream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var trailed = false;
        while (await requestStream.MoveNext(cancellationToken))
        {
            var message = requestStream.Current;
            if (trailed || message.MessageCase is not (V1.UploadDocumentRequest.MessageOneofCase.Chunk or V1.UploadDocumentRequest.MessageOneofCase.Trailer))
            {
                throw ApiException.InvalidRequest([new FieldViolation(trailed ? "trailer" : "chunk",
                    trailed ? "must be the last message of an upload" : "required: every message after the header is a chunk or, last, the trailer")]);
            }
            if (message.MessageCase == V1.UploadDocumentRequest.MessageOneofCase.Trailer)
            {
                trailed = true;
                if (message.Trailer.Sha256.Length > 0 && !IsSha256(message.Trailer.Sha256))
                {
                    throw ApiException.InvalidRequest([new FieldViolation("trailer.sha256", "must be 64 hex digits, or empty")]);
                }
                yield return UploadPiece.Trailer(message.Trailer.Sha256);
                continue;
            }
            // The piece is the message's own memory, written and hashed before the next message is read: no copy.
            yield return new UploadPiece(message.Chunk.Offset, message.Chunk.Data.Memory);
        }
    }

    private static bool IsSha256(string value) => value.Length == 64 && value.All(Uri.IsHexDigit);

    private void Validate(V1.UploadDocumentHeader header)
    {
        var validator = new RequestValidator(clock).CaseName("header.parent", header.Parent);
        validator.RequiredText("header.upload_id", header.UploadId, RequestValidator.MaxRequestIdLength);
        if (header.Document is null)
        {
            validator.Add("header.document", "required: the title and kind of the document");
        }
        else
        {
            validator.RequiredText("header.document.title", header.Document.Title, RequestValidator.MaxShortText);
            validator.DefinedEnum("header.document.kind", header.Document.Kind);
            validator.MaxLength("header.document.language", header.Document.Language, 35, lineBreaks: false);
            if (header.Document.Sensitivity == V1.DocumentSensitivity.Sealed)
            {
                validator.Add("header.document.sensitivity", "normal or personal data at upload; seal a document with SealDocument once filed");
            }
            else
            {
                validator.DefinedEnum("header.document.sensitivity", header.Document.Sensitivity, required: false);
            }
        }
        if (header.SizeBytes <= 0)
        {
            validator.Add("header.size_bytes", "required: the content's size in bytes, more than 0");
        }
        if (header.Sha256.Length > 0 && !IsSha256(header.Sha256))
        {
            validator.Add("header.sha256", "must be 64 hex digits, or empty");
        }
        validator.ThrowIfInvalid();
    }

    private (string CaseId, int Number) DocumentName(string field, string value, Action<RequestValidator>? more = null)
    {
        var validator = new RequestValidator(clock);
        var name = DocumentNames.TryParse(value);
        if (name is null)
        {
            validator.Add(field, NameProblem(value));
        }
        more?.Invoke(validator);
        validator.ThrowIfInvalid();
        return name!.Value;
    }

    /// <summary>The stored bytes are not the ones filed: the download is refused rather than passed on.</summary>
    private static ApiException ContentDamaged(Document document) =>
        new(StatusCode.DataLoss, ErrorReasons.DocumentContentDamaged,
            $"The stored content of {document.Name} does not match its SHA-256 {document.Sha256}: it was changed or lost in storage. " +
            "Tell the operators; verify-log names the damaged documents.",
            metadata: new Dictionary<string, string> { ["name"] = document.Name, ["sha256"] = document.Sha256 });

    private static string NameProblem(string value) =>
        value.Length == 0 ? "required: a document name such as cases/tf-2026-000123/documents/1" : "must be a document name such as cases/tf-2026-000123/documents/1";
}
