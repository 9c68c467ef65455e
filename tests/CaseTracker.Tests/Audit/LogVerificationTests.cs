using CaseTracker.Client;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Audit;

/// <summary>
/// Checkpoints both governments sign, and the offline verifier: any change to any stored event, or a deleted
/// event, is reported at exactly its sequence.
/// </summary>
public sealed class LogVerificationTests : IDisposable
{
    private const long Target = 3;
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _investigator;

    public LogVerificationTests() => _investigator = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    private TokenKeys Keys => _host.Services.GetRequiredService<TokenKeys>();

    private async Task SeedSignedLogAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            await _investigator.InInvestigationAsync();
        }
        var head = await _investigator.Cases.GetLogCheckpointAsync(new V1.GetLogCheckpointRequest());
        foreach (var party in new[] { Party.RU, Party.TJ })
        {
            await _host.ClientFor(party, Role.Supervisor).Cases.SignCheckpointAsync(new V1.SignCheckpointRequest
            {
                Sequence = head.Sequence,
                Hash = head.Hash,
                Signature = ByteString.CopyFrom(CaseEventHashing.SignCheckpoint(Keys.DevelopmentSigner(party)!, head.Sequence, head.Hash)),
            });
        }
    }

    private async Task<LogVerification> ExportAndVerifyAsync()
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var export = new StringWriter();
        await LogExporter.ExportAsync(db, export, CancellationToken.None);
        var keys = new Dictionary<V1.Party, System.Security.Cryptography.ECDsa>
        {
            [V1.Party.Ru] = Keys.PublicKeyOf(Party.RU)!,
            [V1.Party.Tj] = Keys.PublicKeyOf(Party.TJ)!,
        };
        return new LogVerifier(keys).Verify(LogVerifier.ReadExport(export.ToString().Split('\n')));
    }

    /// <summary>Changes the stored log behind the server's back, as someone with access to the database could.</summary>
    private async Task TamperAsync(string sql)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql));
    }

    [Fact]
    public async Task GetLogCheckpoint_GivesTheHeadAndTheSignaturesRecordedForIt()
    {
        await SeedSignedLogAsync();

        var checkpoint = await _investigator.Cases.GetLogCheckpointAsync(new V1.GetLogCheckpointRequest());
        var events = (await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { PageSize = 500 })).CaseEvents;

        Assert.Equal((events[^1].Sequence, events[^1].Hash), (checkpoint.Sequence, checkpoint.Hash));
        Assert.Equal([V1.Party.Ru, V1.Party.Tj], checkpoint.Signatures.Select(s => s.Party));
    }

    [Fact]
    public async Task SignCheckpoint_WithAnotherPartysKey_IsRefused()
    {
        await _investigator.CreateAsync();
        var head = await _investigator.Cases.GetLogCheckpointAsync(new V1.GetLogCheckpointRequest());

        var error = await RefusedAsync(() => _host.ClientFor(Party.RU, Role.Supervisor).Cases.SignCheckpointAsync(new V1.SignCheckpointRequest
        {
            Sequence = head.Sequence,
            Hash = head.Hash,
            Signature = ByteString.CopyFrom(CaseEventHashing.SignCheckpoint(Keys.DevelopmentSigner(Party.TJ)!, head.Sequence, head.Hash)),
        }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "BAD_SIGNATURE");
    }

    [Fact]
    public async Task SignCheckpoint_OverAHashTheLogDoesNotHave_IsFailedPrecondition()
    {
        await _investigator.CreateAsync();
        var forged = new string('b', 64);

        var error = await RefusedAsync(() => _host.ClientFor(Party.TJ, Role.MinistrySystem).Cases.SignCheckpointAsync(new V1.SignCheckpointRequest
        {
            Sequence = 1,
            Hash = forged,
            Signature = ByteString.CopyFrom(CaseEventHashing.SignCheckpoint(Keys.DevelopmentSigner(Party.TJ)!, 1, forged)),
        }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "CHECKPOINT_MISMATCH");
    }

    [Fact]
    public async Task UntouchedLog_VerifiesWithBothSignatures()
    {
        await SeedSignedLogAsync();

        var result = await ExportAndVerifyAsync();

        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal((6L, 2), (result.Events, result.Signatures));
    }

    public static TheoryData<string, string> Tampering => new()
    {
        { "case", $"UPDATE \"CaseEvents\" SET \"CaseId\" = 'tf-2026-000001' WHERE \"Sequence\" = {Target}" },
        { "type", $"UPDATE \"CaseEvents\" SET \"Type\" = 'CASE_EVENT_TYPE_CASE_UPDATED' WHERE \"Sequence\" = {Target}" },
        { "actor", $"UPDATE \"CaseEvents\" SET \"Actor\" = 'tj.karimovb' WHERE \"Sequence\" = {Target}" },
        { "actor party", $"UPDATE \"CaseEvents\" SET \"ActorParty\" = 'PARTY_RU' WHERE \"Sequence\" = {Target}" },
        { "actor role", $"UPDATE \"CaseEvents\" SET \"ActorRole\" = 'ROLE_CO_CHAIR' WHERE \"Sequence\" = {Target}" },
        {
            "time", TestDatabase.IsPostgres
                ? $"UPDATE \"CaseEvents\" SET \"EventTime\" = \"EventTime\" - interval '1 year' WHERE \"Sequence\" = {Target}"
                : $"UPDATE \"CaseEvents\" SET \"EventTime\" = replace(\"EventTime\", substr(\"EventTime\", 1, 4), '2025') WHERE \"Sequence\" = {Target}"
        },
        { "payload", $"UPDATE \"CaseEvents\" SET \"Payload\" = replace(\"Payload\", 'Intake', 'Intakf') WHERE \"Sequence\" = {Target}" },
        { "previous hash", $"UPDATE \"CaseEvents\" SET \"PreviousHash\" = CASE WHEN substr(\"PreviousHash\", 1, 1) = '0' THEN '1' ELSE '0' END || substr(\"PreviousHash\", 2) WHERE \"Sequence\" = {Target}" },
        { "hash", $"UPDATE \"CaseEvents\" SET \"Hash\" = substr(\"Hash\", 1, 63) || CASE WHEN substr(\"Hash\", 64) = 'a' THEN 'b' ELSE 'a' END WHERE \"Sequence\" = {Target}" },
        { "sequence", $"UPDATE \"CaseEvents\" SET \"Sequence\" = 1000 WHERE \"Sequence\" = {Target}" },
        { "deleted row", $"DELETE FROM \"CaseEvents\" WHERE \"Sequence\" = {Target}" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task AnyChangeToAStoredEvent_IsReportedAtExactlyItsSequence(string what, string sql)
    {
        await SeedSignedLogAsync();

        await TamperAsync(sql);
        var result = await ExportAndVerifyAsync();

        Assert.False(result.IsIntact, $"{what}: the verifier missed it");
        Assert.Equal(Target, result.FirstBrokenSequence);
    }

    public void Dispose() => _host.Dispose();
}
