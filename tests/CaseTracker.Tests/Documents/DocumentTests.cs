using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Documents;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Documents.DocumentSupport;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Documents;

/// <summary>
/// Evidence documents through the real channel: upload and resume, who sees what (sharing, sealing, personal data),
/// the refusals of the limits, the hash and the media type, and the custody events each move leaves in the log.
/// </summary>
public sealed class DocumentTests : IDisposable
{
    private readonly CaseTrackerHost _host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Documents:MaxCaseBytes"] = (12 * MiB).ToString() });
    private readonly CaseTrackerClient _tjInvestigator;
    private readonly CaseTrackerClient _ruInvestigator;

    public DocumentTests()
    {
        _tjInvestigator = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        _ruInvestigator = _host.ClientFor(Party.RU, Role.Investigator, "ru.sokolova");
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task UploadDocument_ThenDownload_GivesTheSameBytes_WithTheServersSha256()
    {
        var c = await _tjInvestigator.CreateAsync();
        var content = Pdf(3 * MiB + 123);

        var document = await _tjInvestigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(content));

        Assert.Equal($"{c.Name}/documents/1", document.Name);
        Assert.Equal(Sha256(content), document.Sha256);
        Assert.Equal(content.Length, document.SizeBytes);
        Assert.Equal("application/pdf", document.MediaType);
        Assert.Equal(V1.Party.Tj, document.FilingParty);
        Assert.Equal("tj.karimova", document.Filer);
        Assert.Equal(V1.Document.Types.State.Active, document.State);
        Assert.Equal(content, await DownloadAsync(_tjInvestigator, document.Name));
    }

    [Fact]
    public async Task UploadDocument_AfterADroppedStream_ResumesFromTheBytesTheServerHolds()
    {
        var c = await _tjInvestigator.CreateAsync();
        var content = Pdf(5 * MiB);
        // As a client that hashes before sending declares it (the library did so before the trailer): in the header.
        var header = Header(c.Name, content, sha256: Sha256(content));
        await DropAfterAsync(_host, _tjInvestigator, header, content, 3 * MiB);

        using var resumed = _tjInvestigator.Documents.UploadDocument();
        await resumed.RequestStream.WriteAsync(new V1.UploadDocumentRequest { Header = header });
        var held = long.Parse((await resumed.ResponseHeadersAsync).GetValue(DocumentGrpcService.ReceivedBytesHeader)!);
        for (var offset = held; offset < content.Length; offset += MiB)
        {
            await resumed.RequestStream.WriteAsync(new V1.UploadDocumentRequest
            {
                Chunk = new V1.UploadDocumentChunk { Offset = offset, Data = ByteString.CopyFrom(content, (int)offset, (int)Math.Min(MiB, content.Length - offset)) },
            });
        }
        await resumed.RequestStream.CompleteAsync();
        var document = await resumed.ResponseAsync;

        Assert.Equal(3L * MiB, held);
        Assert.Equal(Sha256(content), document.Sha256);
        Assert.Equal(content, await DownloadAsync(_tjInvestigator, document.Name));
        // The same upload_id again returns the document filed, and files nothing more.
        var again = await UploadRawAsync(_tjInvestigator, header, content);
        Assert.Equal(document.Name, again.Name);
        Assert.Single((await _tjInvestigator.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
    }

    [Fact]
    public async Task TheOtherParty_SeesADocument_OnlyOnceItIsShared()
    {
        var c = await _tjInvestigator.CreateAsync();
        var content = Pdf(64 * 1024);
        var document = await _tjInvestigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(content));

        Assert.Empty((await _ruInvestigator.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
        AssertStatus(await RefusedAsync(() => _ruInvestigator.Documents.GetDocumentAsync(new V1.GetDocumentRequest { Name = document.Name }).ResponseAsync),
            StatusCode.PermissionDenied, "DOCUMENT_NOT_VISIBLE");
        AssertStatus(await RefusedAsync(() => DownloadAsync(_ruInvestigator, document.Name)), StatusCode.PermissionDenied, "DOCUMENT_NOT_VISIBLE");
        // A document that does not exist is refused the same way, so nobody learns which numbers exist.
        var missing = await RefusedAsync(() => _ruInvestigator.Documents.GetDocumentAsync(new V1.GetDocumentRequest { Name = $"{c.Name}/documents/99" }).ResponseAsync);
        AssertStatus(missing, StatusCode.PermissionDenied, "DOCUMENT_NOT_VISIBLE");
        AssertStatus(await RefusedAsync(() => _ruInvestigator.Documents.ShareDocumentAsync(new V1.ShareDocumentRequest { Name = document.Name }).ResponseAsync),
            StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");

        var shared = await _tjInvestigator.Documents.ShareDocumentAsync(new V1.ShareDocumentRequest { Name = document.Name });

        Assert.True(shared.Shared);
        Assert.Single((await _ruInvestigator.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
        Assert.Equal(content, await DownloadAsync(_ruInvestigator, document.Name));
        var custody = (await _tjInvestigator.Documents.GetDocumentAsync(new V1.GetDocumentRequest { Name = document.Name })).Custody;
        Assert.Equal([V1.CaseEventType.DocumentAdded, V1.CaseEventType.DocumentShared, V1.CaseEventType.DocumentDownloaded], custody.Select(e => e.Type));
        Assert.Equal(V1.Party.Ru, custody[2].ActorParty);
        Assert.Equal("ru.sokolova", custody[2].Actor);
    }

    [Fact]
    public async Task ASealedDocument_IsRefusedToTheOtherPartysInvestigators_EvenShared_AndSeenByTheCoChairs()
    {
        var c = await _tjInvestigator.CreateAsync();
        var document = await _tjInvestigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(Pdf(4096)));
        await _tjInvestigator.Documents.ShareDocumentAsync(new V1.ShareDocumentRequest { Name = document.Name });

        var sealedDocument = await _tjInvestigator.Documents.SealDocumentAsync(new V1.SealDocumentRequest { Name = document.Name, Reason = "Identifies a witness." });

        Assert.Equal(V1.DocumentSensitivity.Sealed, sealedDocument.Sensitivity);
        AssertStatus(await RefusedAsync(() => DownloadAsync(_ruInvestigator, document.Name)), StatusCode.PermissionDenied, "DOCUMENT_NOT_VISIBLE");
        Assert.Empty((await _ruInvestigator.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
        var ruCoChair = _host.ClientFor(Party.RU, Role.CoChair);
        Assert.Equal(document.Sha256, (await ruCoChair.Documents.GetDocumentAsync(new V1.GetDocumentRequest { Name = document.Name })).Sha256);
        Assert.Equal(4096, (await DownloadAsync(ruCoChair, document.Name)).Length);
        AssertStatus(await RefusedAsync(() => _tjInvestigator.Documents.ShareDocumentAsync(new V1.ShareDocumentRequest { Name = document.Name }).ResponseAsync),
            StatusCode.FailedPrecondition, "DOCUMENT_SEALED");
    }

    [Fact]
    public async Task UploadDocument_WithADeclaredSha256ThatDoesNotMatch_IsRefused_AndFilesNothing()
    {
        var c = await _tjInvestigator.CreateAsync();
        var content = Pdf(100_000);

        var error = await RefusedAsync(() => UploadRawAsync(_tjInvestigator, Header(c.Name, content, sha256: Sha256(Pdf(100_000))), content));

        AssertStatus(error, StatusCode.InvalidArgument, "SHA256_MISMATCH");
        Assert.Contains(Sha256(content), error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await _tjInvestigator.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
        Assert.DoesNotContain(await EventTypesAsync(c.Name), t => t == V1.CaseEventType.DocumentAdded);
    }

    [Fact]
    public async Task UploadDocument_OverTheLimits_OrOfATypeNotAllowed_IsRefusedWithTheReason()
    {
        var c = await _tjInvestigator.CreateAsync();

        var oversized = await RefusedAsync(() => UploadRawAsync(_tjInvestigator, Header(c.Name, new byte[51 * MiB]), []));
        AssertStatus(oversized, StatusCode.ResourceExhausted, "DOCUMENT_TOO_LARGE");
        Assert.Equal((50 * MiB).ToString(), oversized.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Metadata["limit_bytes"]);
        // Who may not upload to the case is told that first, whatever the size.
        var notLead = await RefusedAsync(() => UploadRawAsync(_ruInvestigator, Header(c.Name, new byte[51 * MiB]), []));
        Assert.Equal(StatusCode.PermissionDenied, notLead.StatusCode);

        var executable = Pdf(10_000);
        "\u007fELF"u8.CopyTo(executable);
        var named = Header(c.Name, executable, document: Draft("scan.pdf"));
        var disallowed = await RefusedAsync(() => UploadRawAsync(_tjInvestigator, named, executable));
        AssertStatus(disallowed, StatusCode.InvalidArgument, "MEDIA_TYPE_NOT_ALLOWED");

        var longer = Pdf(2000);
        AssertStatus(await RefusedAsync(() => UploadRawAsync(_tjInvestigator, Header(c.Name, new byte[1000]), longer)),
            StatusCode.InvalidArgument, "INVALID_REQUEST");

        // The case's limit (12 MiB here): 7 MiB fits, another 7 MiB does not.
        await _tjInvestigator.UploadDocumentAsync(c.Name, Draft("First"), new MemoryStream(Pdf(7 * MiB)));
        AssertStatus(await RefusedAsync(() => _tjInvestigator.UploadDocumentAsync(c.Name, Draft("Second"), new MemoryStream(Pdf(7 * MiB)))),
            StatusCode.ResourceExhausted, "CASE_DOCUMENTS_FULL");
        Assert.Single((await _tjInvestigator.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
    }

    [Fact]
    public async Task APersonalDataDocument_ReachesTheOtherParty_OnlyWithConsent_AndEachDownloadIsADisclosure()
    {
        var c = await _tjInvestigator.CreateAsync();
        var document = await _tjInvestigator.UploadDocumentAsync(c.Name, Draft("Passport page", V1.DocumentSensitivity.PersonalData), new MemoryStream(Pdf(5000)));
        await _tjInvestigator.Documents.ShareDocumentAsync(new V1.ShareDocumentRequest { Name = document.Name });

        AssertStatus(await RefusedAsync(() => DownloadAsync(_ruInvestigator, document.Name)), StatusCode.PermissionDenied, "DOCUMENT_NOT_VISIBLE");
        await _tjInvestigator.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true, IncludeInStatistics = true });
        await DownloadAsync(_ruInvestigator, document.Name);
        await DownloadAsync(_tjInvestigator, document.Name);

        var disclosures = (await _host.ClientFor(Party.TJ, Role.Auditor).Cases.ListDisclosuresAsync(new V1.ListDisclosuresRequest { Parent = c.Name })).Disclosures;
        var disclosure = Assert.Single(disclosures, d => d.Method.EndsWith("DownloadDocument", StringComparison.Ordinal));
        Assert.Equal("ru.sokolova", disclosure.Caller);
        Assert.Equal(document.Name, disclosure.Record);
        Assert.Equal([DocumentVisibility.ContentField], disclosure.Fields);
    }

    [Fact]
    public async Task AWithdrawnDocument_KeepsItsHash_AndItsContentIsPurgedOnlyByTheCoChairsOfBothParties()
    {
        var c = await _tjInvestigator.CreateAsync();
        var document = await _tjInvestigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(Pdf(8000)));
        var tjCoChair = _host.ClientFor(Party.TJ, Role.CoChair);
        var ruCoChair = _host.ClientFor(Party.RU, Role.CoChair);
        AssertStatus(await RefusedAsync(() => tjCoChair.Documents.PurgeDocumentContentAsync(new V1.PurgeDocumentContentRequest { Name = document.Name }).ResponseAsync),
            StatusCode.FailedPrecondition, "DOCUMENT_NOT_WITHDRAWN");

        var withdrawn = await _tjInvestigator.Documents.WithdrawDocumentAsync(new V1.WithdrawDocumentRequest { Name = document.Name, Reason = "Filed on the wrong case." });
        var approved = await tjCoChair.Documents.PurgeDocumentContentAsync(new V1.PurgeDocumentContentRequest { Name = document.Name });
        AssertStatus(await RefusedAsync(() => tjCoChair.Documents.PurgeDocumentContentAsync(new V1.PurgeDocumentContentRequest { Name = document.Name }).ResponseAsync),
            StatusCode.FailedPrecondition, "PURGE_ALREADY_APPROVED");
        Assert.Equal(8000, (await DownloadAsync(_tjInvestigator, document.Name)).Length);
        var purged = await ruCoChair.Documents.PurgeDocumentContentAsync(new V1.PurgeDocumentContentRequest { Name = document.Name });

        Assert.Equal(V1.Document.Types.State.Withdrawn, withdrawn.State);
        Assert.Equal(V1.Document.Types.State.Withdrawn, approved.State);
        Assert.Equal(V1.Document.Types.State.Purged, purged.State);
        Assert.Equal([V1.Party.Tj, V1.Party.Ru], purged.PurgeApprovals);
        Assert.Equal(document.Sha256, purged.Sha256);
        Assert.False(await _host.Services.GetRequiredService<IDocumentContentStore>().ContainsAsync(document.Sha256, CancellationToken.None));
        AssertStatus(await RefusedAsync(() => DownloadAsync(_tjInvestigator, document.Name)), StatusCode.FailedPrecondition, "DOCUMENT_PURGED");
        AssertStatus(await RefusedAsync(() => _host.ClientFor(Party.TJ, Role.Supervisor).Documents.PurgeDocumentContentAsync(
            new V1.PurgeDocumentContentRequest { Name = document.Name }).ResponseAsync), StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        var types = await EventTypesAsync(c.Name);
        Assert.Equal(1, types.Count(t => t == V1.CaseEventType.DocumentPurgeApproved));
        Assert.Equal(1, types.Count(t => t == V1.CaseEventType.DocumentPurged));
    }

    [Fact]
    public async Task EveryCustodyEvent_CarriesTheDocumentsSha256()
    {
        var c = await _tjInvestigator.CreateAsync();
        var document = await _tjInvestigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(Pdf(3000)));
        await _tjInvestigator.Documents.ShareDocumentAsync(new V1.ShareDocumentRequest { Name = document.Name });
        await DownloadAsync(_ruInvestigator, document.Name);
        await _tjInvestigator.Documents.SealDocumentAsync(new V1.SealDocumentRequest { Name = document.Name, Reason = "Names a witness." });
        await _tjInvestigator.Documents.WithdrawDocumentAsync(new V1.WithdrawDocumentRequest { Name = document.Name, Reason = "Superseded." });

        var events = (await _tjInvestigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name, PageSize = 100 })).CaseEvents
            .Where(e => e.Type >= V1.CaseEventType.DocumentAdded).ToList();

        Assert.Equal(
            [V1.CaseEventType.DocumentAdded, V1.CaseEventType.DocumentShared, V1.CaseEventType.DocumentDownloaded, V1.CaseEventType.DocumentSealed, V1.CaseEventType.DocumentWithdrawn],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Contains($"\"sha256\":\"{document.Sha256}\"", e.Payload, StringComparison.Ordinal));
        Assert.All(events, e => Assert.DoesNotContain(document.Title, e.Payload, StringComparison.Ordinal));
    }

    private async Task<List<V1.CaseEventType>> EventTypesAsync(string caseName) =>
        (await _tjInvestigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = caseName, PageSize = 500 })).CaseEvents.Select(e => e.Type).ToList();
}
