using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// Builds one attempt of a month's review in the background (a Hangfire job) and stores its files, the review
/// and the operation's result in one transaction: a review is READY with all its files or not at all. A failure
/// is recorded in the operation; CreateMonthlyReview then starts a new attempt.
/// </summary>
public sealed class BuildMonthlyReviewJob(
    MonthlyReviewBuilder builder,
    BatchingWriter writer,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    IOptions<StorageOptions> storage,
    IOptions<ReviewOptions> options,
    TimeProvider clock,
    ILogger<BuildMonthlyReviewJob> logger)
{
    private const int ChunkBytes = 64 * 1024;

    [AutomaticRetry(Attempts = 0)] // a failure is recorded in the operation; asking again starts a new attempt
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public async Task RunAsync(string month, int attempt, CancellationToken cancellationToken)
    {
        var reviewMonth = ReviewMonth.TryParse(month, options.Value.Zone())
            ?? throw new ArgumentException($"Not a month: {month}", nameof(month));
        var directory = Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "review-work", $"{month}-{attempt}");
        var started = clock.GetUtcNow().UtcDateTime;
        try
        {
            if (!await IsCurrentAttemptAsync(month, attempt, cancellationToken))
            {
                return;
            }
            var reporter = new ProgressReporter(writer, $"reviews/{month}", $"operations/review-{month}-{attempt}", started, clock);
            var built = await builder.BuildAsync(reviewMonth, directory, reporter, cancellationToken);
            await reporter.FlushAsync(cancellationToken);
            await writer.WriteAloneAsync(session => StoreAsync(session, month, attempt, built, reporter.Latest, started), cancellationToken);
            logger.LogInformation("Monthly review {Month} built as of event {Sequence}: manifest {Manifest}",
                month, built.Info.AsOfSequence, built.ManifestSha256);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Building the monthly review {Month} (attempt {Attempt}) failed", month, attempt);
            await writer.WriteAsync(async session =>
            {
                var review = await session.Db.MonthlyReviews.FindAsync(month);
                var operation = await session.Db.Operations.FindAsync($"operations/review-{month}-{attempt}");
                if (review is { State: ReviewState.Creating } && review.Attempt == attempt && operation is not null)
                {
                    review.Failed();
                    operation.Fail(Google.Rpc.Code.Internal, ErrorReasons.ReviewBuildFailed,
                        "Building the review failed; the server log has the cause. CreateMonthlyReview starts it again.", session.Now);
                }
                return true;
            }, CancellationToken.None);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Queues building an attempt of a month's review.</summary>
    public static void Enqueue(IBackgroundJobClient jobs, string month, int attempt) =>
        jobs.Enqueue<BuildMonthlyReviewJob>(job => job.RunAsync(month, attempt, CancellationToken.None));

    /// <summary>A read, so a reader's context: whether this attempt is still the one to build (StoreAsync checks again).</summary>
    private async Task<bool> IsCurrentAttemptAsync(string month, int attempt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var review = await db.MonthlyReviews.AsNoTracking().FirstOrDefaultAsync(r => r.Month == month, cancellationToken);
        return review is { State: ReviewState.Creating } && review.Attempt == attempt;
    }

    private static async Task<bool> StoreAsync(
        WriteSession session, string month, int attempt, BuiltReview built, ReviewBuildProgress progress, DateTime started)
    {
        var review = await session.Db.MonthlyReviews.FindAsync(month);
        var operation = await session.Db.Operations.FindAsync($"operations/review-{month}-{attempt}");
        if (review is not { State: ReviewState.Creating } || review.Attempt != attempt || operation is null)
        {
            return false;
        }
        await session.Db.ReviewFileChunks.Where(c => c.Month == month).ExecuteDeleteAsync();
        await session.Db.ReviewFiles.Where(f => f.Month == month).ExecuteDeleteAsync();
        var connection = session.Db.Database.GetDbConnection();
        var transaction = session.Db.Database.CurrentTransaction!.GetDbTransaction();
        using (var insert = new PreparedInsert(connection, transaction, "ReviewFileChunks", "Month", "FileName", "Index", "Data"))
        {
            var buffer = new byte[ChunkBytes];
            foreach (var file in built.Files)
            {
                await using var stream = File.OpenRead(file.Path);
                int read, index = 0;
                while ((read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
                {
                    insert.Insert(month, file.FileName, index++, buffer.AsSpan(0, read).ToArray());
                }
            }
        }
        var ordinal = 0;
        foreach (var file in built.Files)
        {
            session.Db.ReviewFiles.Add(new ReviewFileRecord(month, file.FileName, ordinal++, file.MediaType, file.SizeBytes, file.Sha256));
        }
        review.Built(built.Info.AsOfSequence, built.Info.AsOfHash, built.ManifestSha256, session.Now);
        session.Notify(Notifications.Notices.MonthlyReviewReady(month, attempt));
        operation.Succeed(MonthlyReviews.Progress(review.Name, progress with { CurrentFile = string.Empty }, started, session.Now), session.Now);
        return true;
    }

    /// <summary>Writes the latest progress into the operation, at most once a second.</summary>
    private sealed class ProgressReporter(BatchingWriter writer, string review, string operationName, DateTime started, TimeProvider clock)
        : IProgress<ReviewBuildProgress>
    {
        private ReviewBuildProgress _latest = new(string.Empty, 0, 0);
        private long _casesTotal;
        private long _casesProcessed;
        private DateTime _lastWrite = DateTime.MinValue;
        private Task _pending = Task.CompletedTask;

        public ReviewBuildProgress Latest => _latest;

        public void Report(ReviewBuildProgress value)
        {
            _casesTotal = value.CasesTotal >= 0 ? value.CasesTotal : _casesTotal;
            _casesProcessed = value.CasesProcessed >= 0 ? value.CasesProcessed : _casesProcessed;
            _latest = new ReviewBuildProgress(value.CurrentFile, _casesProcessed, _casesTotal);
            var now = clock.GetUtcNow().UtcDateTime;
            if (now - _lastWrite >= TimeSpan.FromSeconds(1) && _pending.IsCompleted)
            {
                _lastWrite = now;
                _pending = WriteAsync(_latest);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await _pending.WaitAsync(cancellationToken);
            await WriteAsync(_latest);
        }

        private Task WriteAsync(ReviewBuildProgress progress) =>
            writer.WriteAsync(async session =>
            {
                var operation = await session.Db.Operations.FindAsync(operationName);
                if (operation is { Done: false })
                {
                    operation.Report(MonthlyReviews.Progress(review, progress, started, session.Now), session.Now);
                }
                return true;
            }, CancellationToken.None);
    }
}
