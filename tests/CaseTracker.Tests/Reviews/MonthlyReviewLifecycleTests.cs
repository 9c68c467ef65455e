using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Reviews;

/// <summary>
/// A review's life through the channel: created as a long-running operation, built by its Hangfire job, served,
/// downloaded, rebuilt byte for byte, and signed by one signer of each party.
/// </summary>
public sealed class MonthlyReviewLifecycleTests : IDisposable
{
    private readonly OctoberRecord _record = new();

    private CaseTrackerClient RuSupervisor => _record.RuSupervisor;

    private CaseTrackerClient TjSupervisor => _record.TjSupervisor;

    private Task BuildAsync(int attempt = 1) =>
        _record.Host.Services.GetRequiredService<BuildMonthlyReviewJob>().RunAsync(OctoberRecord.Month, attempt, CancellationToken.None);

    private async Task<V1.MonthlyReview> ReadyReviewAsync()
    {
        await RuSupervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = OctoberRecord.Month });
        await BuildAsync();
        return await RuSupervisor.Reviews.GetMonthlyReviewAsync(new V1.GetMonthlyReviewRequest { Name = "reviews/2026-10" });
    }

    [Fact]
    public async Task CreateMonthlyReview_ReturnsARunningOperationAndQueuesItsBuild_ThenTheOperationCarriesTheReadyReview()
    {
        var operation = await RuSupervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = OctoberRecord.Month });

        Assert.Equal(("operations/review-2026-10-1", false), (operation.Name, operation.Done));
        Assert.Equal("reviews/2026-10", operation.Metadata.Unpack<V1.MonthlyReviewProgress>().Review);
        var queued = _record.Host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10);
        Assert.Contains(queued, job => job.Value.Job.Type == typeof(BuildMonthlyReviewJob) && (string)job.Value.Job.Args[0] == OctoberRecord.Month);

        await BuildAsync();
        var done = await RuSupervisor.WaitForOperationAsync(operation.Name);

        var review = done.Response.Unpack<V1.MonthlyReview>();
        Assert.Equal((V1.MonthlyReview.Types.State.Ready, "2026-10", 6), (review.State, review.Month, review.Files.Count));
        var progress = done.Metadata.Unpack<V1.MonthlyReviewProgress>();
        Assert.Equal((6L, 6L), (progress.CasesProcessed, progress.CasesTotal));
    }

    [Fact]
    public async Task CreateMonthlyReview_ForAMonthThatHasAReview_ReturnsThatReviewsOperationAndBuildsNothing()
    {
        var first = await RuSupervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = OctoberRecord.Month });
        await BuildAsync();
        var again = await TjSupervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = OctoberRecord.Month });

        Assert.Equal(first.Name, again.Name);
        Assert.True(again.Done);
        var operations = await RuSupervisor.Operations.ListOperationsAsync(new V1.ListOperationsRequest());
        Assert.Single(operations.Operations);
    }

    [Fact]
    public async Task ListOperations_GivesEachOperationAsGetOperationDoes_WithTheResponseOfADoneOne()
    {
        await ReadyReviewAsync();
        var ministry = _record.Host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        await ministry.ImportPersonListAsync(PersonLists.Header("listed"), [PersonLists.Person(1, "SAIDOV", "ANVAR", "1991-01-01")]);

        var listed = (await RuSupervisor.Operations.ListOperationsAsync(new V1.ListOperationsRequest())).Operations;

        var one = new List<V1.Operation>();
        foreach (var operation in listed)
        {
            one.Add(await RuSupervisor.Operations.GetOperationAsync(new V1.GetOperationRequest { Name = operation.Name }));
        }
        Assert.Equal(one, listed);
        Assert.Contains(listed, o => o.Done && o.Response.Is(V1.MonthlyReview.Descriptor));
        Assert.Contains(listed, o => o.Done && o.Response.Is(V1.Reconciliation.Descriptor));
    }

    [Fact]
    public async Task CreateMonthlyReview_ForTheMonthStillRunning_IsRefusedAsNotEnded()
    {
        var error = await RefusedAsync(() => RuSupervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = "2026-11" }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "MONTH_NOT_ENDED");
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("October")]
    [InlineData("2026-1")]
    public async Task CreateMonthlyReview_WithoutAValidMonth_IsRefusedNamingTheField(string month)
    {
        var error = await RefusedAsync(() => RuSupervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = month }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("month", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task Rebuilding_TheSameMonthAfterLaterChanges_GivesByteIdenticalFiles()
    {
        var builder = _record.Host.Services.GetRequiredService<MonthlyReviewBuilder>();
        var october = ReviewMonth.TryParse(OctoberRecord.Month, TimeZoneInfo.Utc)!;
        var first = await builder.BuildAsync(october, Path.Combine(_record.Host.DataDirectory, "first"), null, CancellationToken.None);

        _record.At(2026, 11, 20);
        var late = await _record.Host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova").CreateAsync();
        await _record.Host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova").Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = late.Name });
        var second = await builder.BuildAsync(october, Path.Combine(_record.Host.DataDirectory, "second"), null, CancellationToken.None);

        Assert.Equal(first.Files.Select(f => (f.FileName, f.Sha256)), second.Files.Select(f => (f.FileName, f.Sha256)));
        foreach (var (a, b) in first.Files.Zip(second.Files))
        {
            Assert.Equal(await File.ReadAllBytesAsync(a.Path), await File.ReadAllBytesAsync(b.Path));
        }
    }

    [Fact]
    public async Task Download_OfAReviewStillBeingBuilt_IsRefusedAsNotReady()
    {
        await RuSupervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = OctoberRecord.Month });

        var error = await Assert.ThrowsAnyAsync<RpcException>(() => RuSupervisor.DownloadReviewAsync("reviews/2026-10", _record.Host.DataDirectory));

        AssertStatus(error, StatusCode.FailedPrecondition, "REVIEW_NOT_READY");
    }

    [Fact]
    public async Task Download_OfOneFile_StreamsItInChunksWhoseBytesMatchTheAnnouncedHash()
    {
        var review = await ReadyReviewAsync();
        using var call = RuSupervisor.Reviews.DownloadMonthlyReview(new V1.DownloadMonthlyReviewRequest { Name = review.Name, FileName = "report.html" });
        var chunks = new List<V1.DownloadMonthlyReviewResponse>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunks.Add(chunk);
        }

        var bytes = chunks.SelectMany(c => c.Data.ToByteArray()).ToArray();
        var announced = review.Files.Single(f => f.FileName == "report.html");
        Assert.All(chunks, c => Assert.Equal("report.html", c.FileName));
        Assert.Equal((announced.Sha256, announced.SizeBytes), (chunks[0].Sha256, chunks[0].SizeBytes));
        Assert.Equal(announced.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task Download_OfAFileTheReviewDoesNotHave_IsNotFound()
    {
        var review = await ReadyReviewAsync();
        using var call = RuSupervisor.Reviews.DownloadMonthlyReview(new V1.DownloadMonthlyReviewRequest { Name = review.Name, FileName = "../casetracker.db" });

        var error = await Assert.ThrowsAnyAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        AssertStatus(error, StatusCode.NotFound, "REVIEW_FILE_NOT_FOUND");
    }

    [Fact]
    public async Task SignOff_ByOneSignerOfEachParty_OnTheManifestTheyChecked_MakesTheReviewAgreed()
    {
        var review = await ReadyReviewAsync();

        var afterRu = await RuSupervisor.Reviews.SignOffMonthlyReviewAsync(new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = review.ManifestSha256 });
        var afterTj = await _record.Host.ClientFor(Party.TJ, Role.CoChair, "tj.cochair").Reviews
            .SignOffMonthlyReviewAsync(new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = review.ManifestSha256 });

        Assert.Equal(V1.MonthlyReview.Types.State.Ready, afterRu.State);
        Assert.Equal(V1.MonthlyReview.Types.State.Agreed, afterTj.State);
        Assert.Equal(
            [(V1.Party.Ru, "ru.ivanova", V1.Role.Supervisor, review.ManifestSha256), (V1.Party.Tj, "tj.cochair", V1.Role.CoChair, review.ManifestSha256)],
            afterTj.Signatures.Select(s => (s.Party, s.Signer, s.Role, s.ManifestSha256)));
    }

    [Fact]
    public async Task SignOff_ByASecondSignerOfAPartyThatSigned_IsRefused()
    {
        var review = await ReadyReviewAsync();
        await RuSupervisor.Reviews.SignOffMonthlyReviewAsync(new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = review.ManifestSha256 });

        var error = await RefusedAsync(() => _record.Host.ClientFor(Party.RU, Role.CoChair, "ru.cochair").Reviews
            .SignOffMonthlyReviewAsync(new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = review.ManifestSha256 }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "PARTY_ALREADY_SIGNED_OFF");
    }

    [Fact]
    public async Task SignOff_ByBothPartiesAtTheSameMoment_MakesTheReviewAgreed()
    {
        var review = await ReadyReviewAsync();
        var request = new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = review.ManifestSha256 };
        var tjCoChair = _record.Host.ClientFor(Party.TJ, Role.CoChair, "tj.cochair");

        var gate = await WriterGate.CloseAsync(_record.Host.Services.GetRequiredService<BatchingWriter>());
        var signing = new[] { RuSupervisor.Reviews.SignOffMonthlyReviewAsync(request).ResponseAsync, tjCoChair.Reviews.SignOffMonthlyReviewAsync(request).ResponseAsync };
        await gate.OpenWhenQueuedAsync(2);
        await Task.WhenAll(signing);
        var agreed = await RuSupervisor.Reviews.GetMonthlyReviewAsync(new V1.GetMonthlyReviewRequest { Name = review.Name });

        Assert.Equal(V1.MonthlyReview.Types.State.Agreed, agreed.State);
        Assert.Equal([V1.Party.Ru, V1.Party.Tj], agreed.Signatures.Select(s => s.Party).Order());
    }

    [Fact]
    public async Task SignOff_ByTwoSignersOfOneParty_AtTheSameMoment_SignsOnceAndRefusesTheOther()
    {
        var review = await ReadyReviewAsync();
        var request = new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = review.ManifestSha256 };
        var ruCoChair = _record.Host.ClientFor(Party.RU, Role.CoChair, "ru.cochair");

        var gate = await WriterGate.CloseAsync(_record.Host.Services.GetRequiredService<BatchingWriter>());
        var signing = new[] { RuSupervisor.Reviews.SignOffMonthlyReviewAsync(request).ResponseAsync, ruCoChair.Reviews.SignOffMonthlyReviewAsync(request).ResponseAsync };
        await gate.OpenWhenQueuedAsync(2);
        var outcomes = await Task.WhenAll(signing.Select(async call =>
        {
            try
            {
                await call;
                return "signed";
            }
            catch (RpcException error)
            {
                return $"{error.StatusCode} {error.Reason()}";
            }
        }));
        var after = await RuSupervisor.Reviews.GetMonthlyReviewAsync(new V1.GetMonthlyReviewRequest { Name = review.Name });

        Assert.Equal(["FailedPrecondition PARTY_ALREADY_SIGNED_OFF", "signed"], outcomes.Order());
        Assert.Equal(V1.MonthlyReview.Types.State.Ready, after.State);
        Assert.Equal([V1.Party.Ru], after.Signatures.Select(s => s.Party));
    }

    [Fact]
    public async Task SignOff_OnAnotherManifest_IsRefusedAndNamesTheReviewsManifest()
    {
        var review = await ReadyReviewAsync();

        var error = await RefusedAsync(() => RuSupervisor.Reviews
            .SignOffMonthlyReviewAsync(new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = new string('0', 64) }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "MANIFEST_MISMATCH");
        Assert.Equal(review.ManifestSha256, error.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Metadata["manifest_sha256"]);
    }

    [Fact]
    public async Task SignOff_BeforeTheReviewIsBuilt_IsRefusedAsNotReady()
    {
        await RuSupervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = OctoberRecord.Month });

        var error = await RefusedAsync(() => RuSupervisor.Reviews
            .SignOffMonthlyReviewAsync(new V1.SignOffMonthlyReviewRequest { Name = "reviews/2026-10", ManifestSha256 = new string('0', 64) }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "REVIEW_NOT_READY");
    }

    [Theory]
    [InlineData(Role.Investigator)]
    [InlineData(Role.MinistrySystem)]
    [InlineData(Role.Auditor)]
    public async Task SignOffAndCreate_ByRolesOtherThanSupervisorsAndCoChairs_AreDenied_ButTheyReadTheReview(Role role)
    {
        var review = await ReadyReviewAsync();
        var caller = _record.Host.ClientFor(Party.TJ, role);

        var signing = await RefusedAsync(() => caller.Reviews
            .SignOffMonthlyReviewAsync(new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = review.ManifestSha256 }).ResponseAsync);
        var creating = await RefusedAsync(() => caller.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = "2026-09" }).ResponseAsync);
        var read = await caller.Reviews.GetMonthlyReviewAsync(new V1.GetMonthlyReviewRequest { Name = review.Name });

        AssertStatus(signing, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        AssertStatus(creating, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.Equal(review.ManifestSha256, read.ManifestSha256);
    }

    [Fact]
    public async Task SignOff_RetriedWithTheSameRequestId_ReturnsTheFirstAnswer()
    {
        var review = await ReadyReviewAsync();
        var request = new V1.SignOffMonthlyReviewRequest { Name = review.Name, ManifestSha256 = review.ManifestSha256, RequestId = Guid.NewGuid().ToString() };

        var first = await RuSupervisor.Reviews.SignOffMonthlyReviewAsync(request);
        var retried = await RuSupervisor.Reviews.SignOffMonthlyReviewAsync(request);

        Assert.Equal(first, retried);
    }

    [Fact]
    public async Task GetMonthlyReview_OfAMonthWithoutOne_IsNotFound()
    {
        var error = await RefusedAsync(() => RuSupervisor.Reviews.GetMonthlyReviewAsync(new V1.GetMonthlyReviewRequest { Name = "reviews/2026-09" }).ResponseAsync);

        AssertStatus(error, StatusCode.NotFound, "REVIEW_NOT_FOUND");
    }

    [Fact]
    public async Task GetOperation_OfAnUnknownOperation_IsNotFound()
    {
        var error = await RefusedAsync(() => RuSupervisor.Operations.GetOperationAsync(new V1.GetOperationRequest { Name = "operations/nothing" }).ResponseAsync);

        AssertStatus(error, StatusCode.NotFound, "OPERATION_NOT_FOUND");
    }

    public void Dispose() => _record.Dispose();
}
