using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reviews;

/// <summary>Maps a stored review, with its files and signatures, to the contract's <c>MonthlyReview</c>.</summary>
public static class ReviewMapper
{
    public static async Task<V1.MonthlyReview> ToProtoAsync(CaseTrackerDbContext db, MonthlyReviewRecord review, CancellationToken cancellationToken = default)
    {
        var files = await db.ReviewFiles.AsNoTracking().Where(f => f.Month == review.Month).OrderBy(f => f.Ordinal).ToListAsync(cancellationToken);
        return ToProto(review, files, await SignaturesAsync(db, review.Month, cancellationToken));
    }

    /// <summary>The signatures of a month's review, with those added in the same unit of work, not saved yet (the writer's tracker holds them).</summary>
    public static async Task<List<ReviewSignatureRecord>> SignaturesAsync(CaseTrackerDbContext db, string month, CancellationToken cancellationToken = default)
    {
        var signatures = await db.ReviewSignatures.AsNoTracking().Where(s => s.Month == month).ToListAsync(cancellationToken);
        signatures.AddRange(db.ReviewSignatures.Local.Where(s => s.Month == month && signatures.All(known => known.Party != s.Party)));
        return signatures;
    }

    /// <summary>A page of reviews with their files and signatures, read in two queries for the whole page.</summary>
    public static async Task<List<V1.MonthlyReview>> ToProtoAsync(CaseTrackerDbContext db, IReadOnlyList<MonthlyReviewRecord> reviews, CancellationToken cancellationToken)
    {
        var months = reviews.Select(r => r.Month).ToList();
        var files = (await db.ReviewFiles.AsNoTracking().Where(f => months.Contains(f.Month)).OrderBy(f => f.Ordinal).ToListAsync(cancellationToken))
            .ToLookup(f => f.Month);
        var signatures = (await db.ReviewSignatures.AsNoTracking().Where(s => months.Contains(s.Month)).ToListAsync(cancellationToken))
            .ToLookup(s => s.Month);
        return [.. reviews.Select(r => ToProto(r, files[r.Month], signatures[r.Month]))];
    }

    public static V1.MonthlyReview ToProto(MonthlyReviewRecord review, IEnumerable<ReviewFileRecord> files, IEnumerable<ReviewSignatureRecord> signatures)
    {
        var proto = new V1.MonthlyReview
        {
            Name = review.Name,
            Month = review.Month,
            State = (V1.MonthlyReview.Types.State)review.State,
            Operation = review.OperationName,
            PeriodStartTime = ProtoTime.Of(review.PeriodStart),
            PeriodEndTime = ProtoTime.Of(review.PeriodEnd),
            AsOfSequence = review.AsOfSequence,
            ManifestSha256 = review.ManifestSha256,
            CreateTime = ProtoTime.Of(review.CreateTime),
            ReadyTime = ProtoTime.Of(review.ReadyTime),
        };
        proto.Files.AddRange(files.Select(f => new V1.MonthlyReviewFile
        {
            FileName = f.FileName,
            MediaType = f.MediaType,
            SizeBytes = f.SizeBytes,
            Sha256 = f.Sha256,
        }));
        proto.Signatures.AddRange(signatures.OrderBy(s => s.Party).Select(s => new V1.MonthlyReviewSignature
        {
            Party = (V1.Party)s.Party,
            Signer = s.Signer,
            Role = (V1.Role)s.Role,
            ManifestSha256 = s.ManifestSha256,
            SignTime = ProtoTime.Of(s.SignTime),
        }));
        return proto;
    }
}
