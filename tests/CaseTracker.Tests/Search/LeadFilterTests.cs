using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Search;

/// <summary>
/// ListCases by lead investigator (<c>lead_investigators.investigator_id</c>, of the caller's party unless
/// <c>lead_investigators.party</c> names another): every case the investigator leads, however old, kept in step
/// with filing and AssignInvestigator, and only ever within what the caller may see.
/// </summary>
public sealed class LeadFilterTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();

    private static async Task<List<V1.Case>> FoundAsync(CaseTrackerClient client, string filter)
    {
        var found = new List<V1.Case>();
        await foreach (var c in client.ListAllCasesAsync(new V1.ListCasesRequest { Filter = filter, OrderBy = "update_time desc", PageSize = 100 }))
        {
            found.Add(c);
        }
        return found;
    }

    [Fact]
    public async Task LeadFilter_AnInvestigatorLeadingAnOldCaseBehind250NewerOnes_IsShownItAndOnlyIt()
    {
        var old = _host.ClientFor(Party.TJ, Role.Investigator, "tj.old");
        var led = await old.CreateAsync(NewCase(latinName: "OLDCASOV OLIM", russianName: "", tajikName: ""));
        await _host.ClientFor(Party.TJ, Role.Investigator, "tj.busy").FileManyAsync(250);

        var latest200 = await old.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "stage != STAGE_CLOSED", OrderBy = "update_time desc", PageSize = 200 });
        var mine = await FoundAsync(old, "stage != STAGE_CLOSED AND lead_investigators.investigator_id = \"tj.old\"");
        var theirs = await FoundAsync(old, "lead_investigators.investigator_id = \"tj.busy\"");

        Assert.DoesNotContain(led.Name, latest200.Cases.Select(c => c.Name));
        Assert.Equal([led.Name], mine.Select(c => c.Name));
        Assert.Equal(250, theirs.Count);
        Assert.DoesNotContain(led.Name, theirs.Select(c => c.Name));
    }

    [Fact]
    public async Task AssignInvestigator_MovesTheCaseFromTheOldLeadsListToTheNewLeads()
    {
        var first = _host.ClientFor(Party.TJ, Role.Investigator, "tj.first");
        var supervisor = _host.ClientFor(Party.TJ, Role.Supervisor, "tj.supervisor");
        var c = await first.CreateAsync(NewCase(latinName: "MOVEDOV AZIZ", russianName: "", tajikName: ""));
        var before = await FoundAsync(first, "lead_investigators.investigator_id = \"tj.first\"");

        await supervisor.Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, Etag = c.Etag, InvestigatorId = "tj.second" });

        Assert.Equal([c.Name], before.Select(x => x.Name));
        Assert.Empty(await FoundAsync(first, "lead_investigators.investigator_id = \"tj.first\""));
        Assert.Equal([c.Name], (await FoundAsync(supervisor, "lead_investigators.investigator_id = \"tj.second\"")).Select(x => x.Name));
    }

    [Fact]
    public async Task TheOtherPartysLead_FindsTheCaseWithTheSubjectsDataWithheld_AndTheLeadIdOfTheWrongPartyFindsNothing()
    {
        var tj = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        var ruSupervisor = _host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");
        var ruLead = _host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");
        var draft = NewCase(latinName: "SHAREDOV JAMSHED", russianName: "", tajikName: "");
        draft.Subject.PassportNumber = "LF4455667";
        var c = await tj.CreateAsync(draft);
        await ruSupervisor.Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "ru.ivanov" });

        var ruLeads = await FoundAsync(ruLead, "lead_investigators.investigator_id = \"ru.ivanov\"");
        var tjLeadAsSeenByRu = await FoundAsync(ruSupervisor, "lead_investigators.party = TJ AND lead_investigators.investigator_id = \"tj.karimova\"");
        var tjIdAsRusOwn = await FoundAsync(ruSupervisor, "lead_investigators.investigator_id = \"tj.karimova\"");
        var byWithheldPassport = await FoundAsync(ruLead, "lead_investigators.investigator_id = \"ru.ivanov\" AND subject.passport_number = \"LF4455667\"");
        var tjSees = await FoundAsync(tj, "lead_investigators.party = PARTY_RU AND lead_investigators.investigator_id = \"ru.ivanov\"");

        var seen = Assert.Single(ruLeads);
        Assert.Equal(c.Name, seen.Name);
        Assert.Empty(seen.Subject.PassportNumber);
        Assert.Contains("subject.passport_number", seen.RedactedFields);
        Assert.Equal([c.Name], tjLeadAsSeenByRu.Select(x => x.Name));
        Assert.Empty(tjIdAsRusOwn);
        Assert.Empty(byWithheldPassport);
        Assert.Equal("LF4455667", Assert.Single(tjSees).Subject.PassportNumber);
    }

    [Theory]
    [InlineData("lead_investigators.investigator_id = tj.karimova", "lead_investigators.investigator_id takes a non-empty quoted string")]
    [InlineData("lead_investigators.investigator_id = \"\"", "lead_investigators.investigator_id takes a non-empty quoted string")]
    [InlineData("lead_investigators.investigator_id != \"tj.karimova\"", "lead_investigators.investigator_id takes the operator '='")]
    [InlineData("lead_investigators.party = UZ", "'UZ' is not one of PARTY_RU, PARTY_TJ")]
    [InlineData("lead_investigators.party != RU", "lead_investigators.party takes =")]
    [InlineData("lead_investigators.investigator_id = \"a\" AND lead_investigators.investigator_id = \"b\"", "lead_investigators.investigator_id is given twice")]
    public async Task ABadLeadFilter_IsRefusedAsInvalidArgument_NamingTheProblem(string filter, string problem)
    {
        var error = await RefusedAsync(() => _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova").Cases
            .ListCasesAsync(new V1.ListCasesRequest { Filter = filter }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_FILTER");
        Assert.Contains(problem, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CasesFiledBeforeTheLeadsTable_AreFoundByTheirLead_OnceTheMigrationHasRun()
    {
        var tj = _host.ClientFor(Party.TJ, Role.Investigator, "tj.earlier");
        var supervisor = _host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");
        var filed = await tj.CreateAsync(NewCase(latinName: "EARLIEROV OLIM", russianName: "", tajikName: ""));
        await supervisor.Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = filed.Name, InvestigatorId = "ru.earlier" });

        await using (var db = MigrationContext())
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var leads = migrations.FindIndex(m => m.EndsWith("_CaseLeads", StringComparison.Ordinal));
            await migrator.MigrateAsync(migrations[leads - 1]); // as an earlier version left the record: no CaseLeads table
            await migrator.MigrateAsync();
        }

        Assert.Equal([filed.Name], (await FoundAsync(tj, "lead_investigators.investigator_id = \"tj.earlier\"")).Select(c => c.Name));
        Assert.Equal([filed.Name], (await FoundAsync(tj, "lead_investigators.party = RU AND lead_investigators.investigator_id = \"ru.earlier\"")).Select(c => c.Name));
    }

    /// <summary>The context the server migrates its provider's database with (PostgreSQL's migrations are its own).</summary>
    private CaseTrackerDbContext MigrationContext()
    {
        var storage = _host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return storage.Provider == StorageProvider.Postgres
            ? new PostgresMigrationContext(storage.Apply(new DbContextOptionsBuilder<PostgresMigrationContext>(), writer: true).Options)
            : new CaseTrackerDbContext(storage.Apply(new DbContextOptionsBuilder<CaseTrackerDbContext>(), writer: true).Options);
    }

    public void Dispose() => _host.Dispose();
}
