using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Operations;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// The rules of monthly reviews, run inside the writer's transaction: a month has one review; a failed build is
/// started again; a review is signed once per party, on the manifest it has, and is agreed when both have signed.
/// </summary>
public static class MonthlyReviews
{
    /// <summary>
    /// The month's review and its operation, creating both when the month has none (or its build failed).
    /// <c>Started</c> says whether a build must be run.
    /// </summary>
    public static async Task<(MonthlyReviewRecord Review, OperationRecord Operation, bool Started)> StartAsync(
        WriteSession session, ReviewMonth month, Actor actor)
    {
        if (month.End > session.Now)
        {
            throw new ReviewRuleException(ErrorReasons.MonthNotEnded,
                $"The month {month} has not ended yet; its review can be created from {month.End:yyyy-MM-dd HH:mm} UTC.",
                RefusalKind.NotNow, metadata: new Dictionary<string, string> { ["month"] = month.ToString() });
        }
        var review = await session.Db.MonthlyReviews.FindAsync(month.ToString());
        if (review is not null && review.State != ReviewState.Failed)
        {
            var existing = await session.Db.Operations.FindAsync(review.OperationName);
            return (review, existing!, false);
        }
        if (review is null)
        {
            review = new MonthlyReviewRecord(month, actor.Id, session.Now);
            session.Db.MonthlyReviews.Add(review);
        }
        var name = review.StartBuilding();
        var operation = new OperationRecord(name, OperationKinds.MonthlyReview, review.Name,
            Progress(review.Name, new ReviewBuildProgress(string.Empty, 0, 0), session.Now, session.Now), session.Now);
        session.Db.Operations.Add(operation);
        return (review, operation, true);
    }

    public static async Task<MonthlyReviewRecord> SignOffAsync(WriteSession session, string month, string manifestSha256, Actor actor)
    {
        var review = await session.Db.MonthlyReviews.FindAsync(month) ?? throw NotFound(month);
        if (review.State is ReviewState.Creating or ReviewState.Failed)
        {
            throw NotReady(review);
        }
        if (!string.Equals(review.ManifestSha256, manifestSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReviewRuleException(ErrorReasons.ManifestMismatch,
                $"The review's manifest has SHA-256 {review.ManifestSha256}; a signature covers exactly that manifest.",
                RefusalKind.NotNow, [new FieldViolation("manifest_sha256", "is not the review's manifest")],
                new Dictionary<string, string> { ["manifest_sha256"] = review.ManifestSha256 });
        }
        var signed = (await ReviewMapper.SignaturesAsync(session.Db, month)).Select(s => s.Party).ToList();
        if (signed.Contains(actor.Party))
        {
            throw new ReviewRuleException(CaseRuleReasons.PartyAlreadySignedOff,
                $"{actor.Party} has already signed the review of {month}; the other party's signature is needed.",
                RefusalKind.NotNow, metadata: new Dictionary<string, string> { ["party"] = actor.Party.ToString() });
        }
        session.Db.ReviewSignatures.Add(new ReviewSignatureRecord(month, actor.Party, actor.Id, actor.Role, review.ManifestSha256, session.Now));
        if (signed.Count + 1 == System.Enum.GetValues<Party>().Length)
        {
            review.Agreed();
        }
        return review;
    }

    /// <summary>The progress message, packed as the operation's metadata.</summary>
    public static byte[] Progress(string review, ReviewBuildProgress progress, DateTime start, DateTime now) =>
        Any.Pack(new V1.MonthlyReviewProgress
        {
            Review = review,
            CurrentFile = progress.CurrentFile,
            CasesProcessed = progress.CasesProcessed,
            CasesTotal = progress.CasesTotal,
            StartTime = Timestamp.FromDateTime(start),
            UpdateTime = Timestamp.FromDateTime(now),
        }).ToByteArray();

    public static ReviewRuleException NotFound(string month) =>
        new(ErrorReasons.ReviewNotFound, $"There is no review of {month}; CreateMonthlyReview makes it.", RefusalKind.NotFound,
            metadata: new Dictionary<string, string> { ["name"] = $"reviews/{month}" });

    public static ReviewRuleException NotReady(MonthlyReviewRecord review) =>
        new(ErrorReasons.ReviewNotReady,
            review.State == ReviewState.Failed
                ? $"Building the review of {review.Month} failed; CreateMonthlyReview starts it again."
                : $"The review of {review.Month} is still being built; follow {review.OperationName}.",
            RefusalKind.NotNow, metadata: new Dictionary<string, string> { ["operation"] = review.OperationName });
}
