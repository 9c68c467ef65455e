using CaseTracker.Server.Grpc;
using CaseTracker.Server.Operations;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Grpc.Core;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// The <c>casetracker.v1.ReviewService</c> endpoint: creates a month's review as a long-running operation
/// (built by <see cref="BuildMonthlyReviewJob"/> in Hangfire), serves it, streams its files, and records the
/// parties' sign-off through the writer with the request-id replay.
/// </summary>
public sealed class ReviewGrpcService(
    IdempotentWriter writer,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    IBackgroundJobClient jobs,
    OperationMapper operations,
    Pager pager,
    IOptions<ReviewOptions> options,
    TimeProvider clock) : V1.ReviewService.ReviewServiceBase
{

    public override async Task<V1.Operation> CreateMonthlyReview(V1.CreateMonthlyReviewRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator(clock).RequestId(request.RequestId);
        var month = ReviewMonth.TryParse(request.Month, options.Value.Zone());
        if (month is null)
        {
            validator.Add("month", request.Month.Length == 0 ? "required" : "must be a month, YYYY-MM");
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var started = (Month: string.Empty, Attempt: 0);
        var operation = await writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var (review, record, isNew) = await MonthlyReviews.StartAsync(session, month!, caller);
            if (isNew)
            {
                started = (review.Month, review.Attempt);
            }
            return await operations.ToProtoAsync(session.Db, record, context.CancellationToken);
        }, context.CancellationToken);
        if (started.Attempt > 0)
        {
            BuildMonthlyReviewJob.Enqueue(jobs, started.Month, started.Attempt);
        }
        return operation;
    }

    public override async Task<V1.MonthlyReview> GetMonthlyReview(V1.GetMonthlyReviewRequest request, ServerCallContext context)
    {
        var month = MonthOf("name", request.Name);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var review = await db.MonthlyReviews.AsNoTracking().FirstOrDefaultAsync(r => r.Month == month, context.CancellationToken)
            ?? throw MonthlyReviews.NotFound(month);
        return await ReviewMapper.ToProtoAsync(db, review, context.CancellationToken);
    }

    public override async Task<V1.ListMonthlyReviewsResponse> ListMonthlyReviews(V1.ListMonthlyReviewsRequest request, ServerCallContext context)
    {
        var page = pager.Open(request.PageSize, request.PageToken, "reviews");
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var query = db.MonthlyReviews.AsNoTracking();
        if (page.Position is { } before)
        {
            query = query.Where(r => string.Compare(r.Month, before) < 0);
        }
        var fetched = await query.OrderByDescending(r => r.Month).Take(page.Fetch).ToListAsync(context.CancellationToken);
        var response = new V1.ListMonthlyReviewsResponse { NextPageToken = page.NextToken(fetched, r => r.Month) };
        response.MonthlyReviews.AddRange(await ReviewMapper.ToProtoAsync(db, page.Items(fetched).ToList(), context.CancellationToken));
        return response;
    }

    public override async Task DownloadMonthlyReview(
        V1.DownloadMonthlyReviewRequest request, IServerStreamWriter<V1.DownloadMonthlyReviewResponse> responseStream, ServerCallContext context)
    {
        var month = MonthOf("name", request.Name);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var review = await db.MonthlyReviews.AsNoTracking().FirstOrDefaultAsync(r => r.Month == month, context.CancellationToken)
            ?? throw MonthlyReviews.NotFound(month);
        if (review.State is ReviewState.Creating or ReviewState.Failed)
        {
            throw MonthlyReviews.NotReady(review);
        }
        var files = await db.ReviewFiles.AsNoTracking().Where(f => f.Month == month).OrderBy(f => f.Ordinal).ToListAsync(context.CancellationToken);
        if (request.FileName.Length > 0)
        {
            files = files.Where(f => f.FileName == request.FileName).ToList();
            if (files.Count == 0)
            {
                throw new ApiException(StatusCode.NotFound, ErrorReasons.ReviewFileNotFound,
                    $"The review of {month} has no file '{request.FileName}'.",
                    [new FieldViolation("file_name", "is not a file of this review")],
                    new Dictionary<string, string> { ["file_name"] = request.FileName });
            }
        }
        foreach (var file in files)
        {
            long offset = 0;
            var chunks = db.ReviewFileChunks.AsNoTracking()
                .Where(c => c.Month == month && c.FileName == file.FileName)
                .OrderBy(c => c.Index)
                .Select(c => c.Data)
                .AsAsyncEnumerable();
            await foreach (var data in chunks.WithCancellation(context.CancellationToken))
            {
                await responseStream.WriteAsync(new V1.DownloadMonthlyReviewResponse
                {
                    FileName = file.FileName,
                    Sha256 = offset == 0 ? file.Sha256 : string.Empty,
                    SizeBytes = offset == 0 ? file.SizeBytes : 0,
                    Offset = offset,
                    Data = ByteString.CopyFrom(data),
                }, context.CancellationToken);
                offset += data.Length;
            }
        }
    }

    public override Task<V1.MonthlyReview> SignOffMonthlyReview(V1.SignOffMonthlyReviewRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator(clock).RequestId(request.RequestId);
        var month = ReviewName(request.Name);
        if (month is null)
        {
            validator.Add("name", request.Name.Length == 0 ? "required" : "must be reviews/YYYY-MM");
        }
        if (request.ManifestSha256.Length == 0)
        {
            validator.Add("manifest_sha256", "required");
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var review = await MonthlyReviews.SignOffAsync(session, month!, request.ManifestSha256, caller);
            return await ReviewMapper.ToProtoAsync(session.Db, review, context.CancellationToken);
        }, context.CancellationToken);
    }

    private string MonthOf(string field, string name)
    {
        var month = ReviewName(name);
        if (month is null)
        {
            new RequestValidator(clock).Add(field, name.Length == 0 ? "required" : "must be reviews/YYYY-MM").ThrowIfInvalid();
        }
        return month!;
    }

    private string? ReviewName(string name) =>
        name.StartsWith("reviews/", StringComparison.Ordinal) && ReviewMonth.TryParse(name["reviews/".Length..], options.Value.Zone()) is { } month
            ? month.ToString()
            : null;
}
