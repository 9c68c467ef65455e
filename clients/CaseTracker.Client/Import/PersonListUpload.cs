using CaseTracker.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CaseTracker.Client;

/// <summary>
/// One import of a person list: sends the records in messages of <see cref="CaseTrackerClient.RecordsPerMessage"/>,
/// and when the stream breaks on a failure another attempt may not meet, asks the server how many records of the
/// import it holds and sends the rest, after a jittered growing wait, until no record has been stored for
/// <see cref="CaseTrackerClientOptions.ImportGiveUpAfter"/>.
/// </summary>
internal sealed class PersonListUpload(
    CaseTrackerClient client, CaseTrackerClientOptions options, ILogger logger, PersonListHeader header, IReadOnlyList<PersonRecord> records, IProgress<long>? progress)
{
    private static readonly string[] Parties = ["ru", "tj"];

    public async Task<Operation> RunAsync(CancellationToken cancellationToken)
    {
        var from = 0;
        var backoff = options.InitialBackoff;
        var lastStored = DateTime.UtcNow;
        while (true)
        {
            try
            {
                return await SendAsync(from, cancellationToken).ConfigureAwait(false);
            }
            catch (CaseTrackerException error) when (IsResumable(error) && DateTime.UtcNow - lastStored < options.ImportGiveUpAfter)
            {
                var wait = (Failures.IsRateLimited(error) ? Failures.RetryDelay(error) : null) ?? Backoff.Jittered(backoff);
                backoff = Backoff.Grow(backoff, options.MaxBackoff);
                await Backoff.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
                var stored = await StoredAsync(from, cancellationToken).ConfigureAwait(false);
                if (stored > from)
                {
                    lastStored = DateTime.UtcNow;
                    backoff = options.InitialBackoff;
                }
                ClientLog.ImportResuming(logger, header.ImportId, error.StatusCode, error.Reason, stored, wait);
                from = stored;
                progress?.Report(from);
            }
        }
    }

    /// <summary>Sends the header and the records from index <paramref name="from"/> on, the last message marked complete.</summary>
    private async Task<Operation> SendAsync(int from, CancellationToken cancellationToken)
    {
        using var call = client.Reconciliations.ImportPersonList(cancellationToken: cancellationToken);
        try
        {
            var next = from;
            do
            {
                var end = Math.Min(records.Count, next + CaseTrackerClient.RecordsPerMessage);
                var message = new ImportPersonListRequest { Header = next == from ? header : null, Complete = end >= records.Count };
                for (var i = next; i < end; i++)
                {
                    message.Records.Add(records[i]);
                }
                await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                next = end;
                progress?.Report(next);
            }
            while (next < records.Count);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Writing fails when the server has ended the call early (a refusal, a dropped connection):
            // the call's own status says why, and is what the caller sees.
            await call.ResponseAsync.ConfigureAwait(false);
            throw;
        }
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>
    /// How many of the records the server holds, so the import resumes after them: the reconciliation's count of
    /// records. Its name is <c>reconciliations/{party}-{import_id}</c> and the client does not know its party, so
    /// both are read, those of another list (another kind or as-of time) skipped, and the smaller count taken:
    /// that never skips a record the server does not hold. When it cannot be read now, the import resumes from
    /// <paramref name="fallback"/>, what is known to be stored.
    /// </summary>
    private async Task<int> StoredAsync(int fallback, CancellationToken cancellationToken)
    {
        long? stored = null;
        foreach (var party in Parties)
        {
            try
            {
                var list = await client.Reconciliations.GetReconciliationAsync(
                    new GetReconciliationRequest { Name = $"reconciliations/{party}-{header.ImportId}".ToLowerInvariant() },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                if (list.Header.Kind == header.Kind && SameMicrosecond(list.Header.AsOfTime, header.AsOfTime))
                {
                    stored = Math.Min(stored ?? long.MaxValue, list.Records);
                }
            }
            catch (CaseTrackerException missing) when (missing.StatusCode == StatusCode.NotFound)
            {
                // No import of this ID by that party.
            }
            catch (CaseTrackerException unreadable) when (IsResumable(unreadable))
            {
                return fallback;
            }
        }
        return (int)Math.Min(stored ?? 0, records.Count);
    }

    /// <summary>Whether two as-of times are the same to the microsecond: the server keeps a list's to the microsecond.</summary>
    private static bool SameMicrosecond(Google.Protobuf.WellKnownTypes.Timestamp? stored, Google.Protobuf.WellKnownTypes.Timestamp? sent) =>
        stored is not null && sent is not null && stored.Seconds == sent.Seconds && stored.Nanos / 1000 == sent.Nanos / 1000;

    /// <summary>A break another attempt can get past: the path or the server failed, or the caller sent too fast.</summary>
    private static bool IsResumable(CaseTrackerException error) => Failures.IsTransient(error) || Failures.IsRateLimited(error);
}
