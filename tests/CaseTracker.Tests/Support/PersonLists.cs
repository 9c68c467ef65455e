using CaseTracker.Client;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CaseTracker.Tests.Support;

/// <summary>The pieces of a bulk list the reconciliation tests import.</summary>
public static class PersonLists
{
    public static V1.PersonListHeader Header(string importId, V1.PersonListKind kind = V1.PersonListKind.ExpulsionList) => new()
    {
        ImportId = importId,
        Kind = kind,
        AsOfTime = Timestamp.FromDateTime(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)),
        Title = "Test list",
    };

    public static V1.PersonRecord Person(long line, string surname, string given, string born, string passport = "") =>
        new() { Line = line, Surname = surname, GivenName = given, DateOfBirth = born, PassportNumber = passport };

    /// <summary>Every result of a reconciliation, in line order, as the download streams them.</summary>
    public static async Task<List<V1.ReconciliationResult>> ResultsAsync(this CaseTrackerClient client, string reconciliation)
    {
        using var call = client.Reconciliations.DownloadReconciliationResults(new V1.DownloadReconciliationResultsRequest { Parent = reconciliation });
        return await call.ResponseStream.ReadAllAsync().ToListAsync();
    }

    /// <summary>Waits until a list being imported has stored at least <paramref name="records"/> records.</summary>
    public static async Task WaitForRecordsAsync(this CaseTrackerClient client, string name, long records)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                var reconciliation = await client.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = name });
                if (reconciliation.Records >= records)
                {
                    return;
                }
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
            {
                // The first message is not stored yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{name} did not reach {records} records.");
    }
}
