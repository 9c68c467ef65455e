using CaseTracker.Client;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Documents;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CaseTracker.Tests.Documents.DocumentSupport;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Documents;

/// <summary>
/// The chain of custody as verify-log checks it: a document row or stored content changed behind the server's back
/// is named, and a crash between storing the content and committing its event leaves no orphan event and loses no
/// acknowledged upload.
/// </summary>
public sealed class DocumentCustodyVerificationTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _investigator;

    public DocumentCustodyVerificationTests() => _investigator = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    public void Dispose() => _host.Dispose();

    private async Task<(V1.Case Case, V1.Document Document)> FileAsync(byte[] content)
    {
        var c = await _investigator.CreateAsync();
        var document = await _investigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(content));
        await _investigator.Documents.ShareDocumentAsync(new V1.ShareDocumentRequest { Name = document.Name });
        return (c, document);
    }

    private async Task<IReadOnlyList<string>> AuditAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var export = new StringWriter();
        await LogExporter.ExportAsync(db, export, CancellationToken.None);
        var records = LogVerifier.ReadExport(export.ToString().Split('\n')).ToList();
        var keys = new Dictionary<V1.Party, System.Security.Cryptography.ECDsa>
        {
            [V1.Party.Ru] = services.GetRequiredService<TokenKeys>().PublicKeyOf(Party.RU)!,
            [V1.Party.Tj] = services.GetRequiredService<TokenKeys>().PublicKeyOf(Party.TJ)!,
        };
        Assert.True(new LogVerifier(keys).Verify(records).IsIntact);
        var events = records.Where(r => r.RecordCase == V1.LogExportRecord.RecordOneofCase.Event).Select(r => r.Event);
        return (await DocumentAudit.CheckAsync(db, services.GetRequiredService<IDocumentContentStore>(), events, CancellationToken.None)).Problems;
    }

    private async Task TamperAsync(string sql)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql));
    }

    [Fact]
    public async Task VerifyLog_WithDocumentsAsFiled_FindsNothing()
    {
        await FileAsync(Pdf(200_000));
        await FileAsync(Pdf(300));

        Assert.Empty(await AuditAsync(_host.Services));
    }

    [Fact]
    public async Task VerifyLog_NamesADocumentRowWhoseHashWasChanged()
    {
        var (_, document) = await FileAsync(Pdf(10_000));
        var (_, untouched) = await FileAsync(Pdf(10_000));

        await TamperAsync($"UPDATE \"Documents\" SET \"Sha256\" = '{new string('0', 64)}' WHERE \"CaseId\" = '{document.Name.Split('/')[1]}'");

        var problem = Assert.Single(await AuditAsync(_host.Services));
        Assert.StartsWith($"document {document.Name}: its SHA-256 and size in the database", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(untouched.Name, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyLog_NamesADocumentWhoseSharingWasUndoneInTheDatabase()
    {
        var (_, document) = await FileAsync(Pdf(10_000));

        await TamperAsync($"UPDATE \"Documents\" SET \"Shared\" = FALSE WHERE \"CaseId\" = '{document.Name.Split('/')[1]}'");

        Assert.Contains(await AuditAsync(_host.Services), p => p.StartsWith($"document {document.Name}: it stands in the database as active, not shared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyLog_NamesADocumentWhoseStoredContentWasChanged_AndTheDownloadRefusesIt()
    {
        var (_, document) = await FileAsync(Pdf(50_000));
        var store = _host.Services.GetRequiredService<IDocumentContentStore>();
        if (store is FileContentStore files)
        {
            var path = files.ContentPath(document.Sha256);
            var bytes = await File.ReadAllBytesAsync(path);
            bytes[^1] ^= 0xFF;
            await File.WriteAllBytesAsync(path, bytes);
        }
        else
        {
            await TamperAsync($"UPDATE \"DocumentContentChunks\" SET \"Data\" = \"Data\" || '\\x00'::bytea, \"Length\" = \"Length\" + 1 WHERE \"Sha256\" = '{document.Sha256}' AND \"Offset\" = 0");
        }

        var problem = Assert.Single(await AuditAsync(_host.Services));
        Assert.StartsWith($"document {document.Name}: its content (", problem, StringComparison.Ordinal);
        Assert.Contains("hashes to", problem, StringComparison.Ordinal);
        AssertStatus(await RefusedAsync(() => DownloadAsync(_investigator, document.Name)), StatusCode.DataLoss, "DOCUMENT_CONTENT_DAMAGED");
    }

    [SqliteOnlyFact("verify-log reads the SQLite record and the content files under --data-dir")]
    public async Task VerifyLogCommand_ExitsBroken_WhenAStoredFileWasDeleted()
    {
        var (_, document) = await FileAsync(Pdf(5000));
        var export = Path.Combine(_host.DataDirectory, "log.jsonl");
        Assert.Equal(LogCommands.Intact, await ServerCommands.RunAsync(["export-log", "--out", export, "--data-dir", _host.DataDirectory]));
        Assert.Equal(LogCommands.Intact, await ServerCommands.RunAsync(["verify-log", export, "--data-dir", _host.DataDirectory]));

        File.Delete(((FileContentStore)_host.Services.GetRequiredService<IDocumentContentStore>()).ContentPath(document.Sha256));

        Assert.Equal(LogCommands.Broken, await ServerCommands.RunAsync(["verify-log", export, "--data-dir", _host.DataDirectory]));
    }

    [Fact]
    public async Task ACrashAfterTheContentIsStored_AndBeforeItsEventCommits_LeavesNoOrphanEvent_AndTheSameUploadFilesItOnce()
    {
        var c = await _investigator.CreateAsync();
        var content = Pdf(2 * MiB + 17);
        var header = Header(c.Name, content, sha256: Sha256(content));
        using (var crashing = _host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IDocumentContentStore>(provider => new CrashAfterStoring(DocumentExtensions.ContentStore(
                provider.GetRequiredService<IOptions<DocumentOptions>>().Value, provider.GetRequiredService<IOptions<StorageOptions>>().Value,
                provider.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>()))))))
        {
            var token = TokenIssuer.Mint(crashing.Services.GetRequiredService<TokenKeys>(), "casetracker", Party.TJ, Role.Investigator,
                "tj.karimova", "tj.karimova", TimeSpan.FromHours(1), DateTime.UtcNow);
            using var client = CaseTrackerClient.Create(crashing.Server.BaseAddress, () => token, crashing.Server.CreateHandler());
            await RefusedAsync(() => UploadRawAsync(client, header, content));

            var events = (await client.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name })).CaseEvents;
            Assert.DoesNotContain(events, e => e.Type == V1.CaseEventType.DocumentAdded);
            Assert.Empty((await client.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
        }

        // The server back without the fault: the same upload files the document once, and it survives a restart.
        var filed = await UploadRawAsync(_investigator, header, content);
        Assert.Equal(Sha256(content), filed.Sha256);
        Assert.Empty(await AuditAsync(_host.Services));
        using var restarted = CaseTrackerHost.OnDataDirectory(_host.DataDirectory);
        var afterRestart = restarted.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        Assert.Equal(content, await DownloadAsync(afterRestart, filed.Name));
        Assert.Single((await afterRestart.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
        var added = (await afterRestart.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name })).CaseEvents
            .Where(e => e.Type == V1.CaseEventType.DocumentAdded);
        Assert.Single(added);
    }

    /// <summary>The store as a crash leaves it: the content is durable, and the process dies before the event commits.</summary>
    private sealed class CrashAfterStoring(IDocumentContentStore inner) : IDocumentContentStore
    {
        public async Task<IUploadPart> OpenUploadAsync(string uploadKey, CancellationToken cancellationToken) =>
            new Part(await inner.OpenUploadAsync(uploadKey, cancellationToken));

        public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string sha256, long offset, CancellationToken cancellationToken) => inner.ReadAsync(sha256, offset, cancellationToken);

        public Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken) => inner.ContainsAsync(sha256, cancellationToken);

        public Task DeleteAsync(string sha256, CancellationToken cancellationToken) => inner.DeleteAsync(sha256, cancellationToken);

        public string Describe(string sha256) => inner.Describe(sha256);

        private sealed class Part(IUploadPart inner) : IUploadPart
        {
            public long Received => inner.Received;

            public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

            public Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.AppendAsync(data, cancellationToken);

            public async Task StoreAsync(string sha256, CancellationToken cancellationToken)
            {
                await inner.StoreAsync(sha256, cancellationToken);
                throw new IOException("The process died here.");
            }

            public Task DiscardAsync(CancellationToken cancellationToken) => inner.DiscardAsync(cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
