using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Search;

/// <summary>
/// ListCases finds a subject from any spelling: the folding of the list matcher, a prefix or the whole word, in any
/// order; and by date of birth, citizenship and — only where the caller may see it — passport number.
/// </summary>
public sealed class CaseSearchTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _tj = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _ru = host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");

    private async Task<List<string>> FoundAsync(CaseTrackerClient client, string filter)
    {
        var found = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await client.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = filter, PageSize = 500, PageToken = token });
            found.AddRange(page.Cases.Select(c => c.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return found;
    }

    [Fact]
    public async Task ACaseFiledInTajikAndLatin_IsFoundByARussianInvestigator_InRussianLatinAndEitherOrder()
    {
        var c = await _tj.CreateAsync(NewCase(latinName: "RAKHMONOV FARRUKH", russianName: "", tajikName: "Раҳмонов Фарруҳ"));

        foreach (var search in new[] { "Рахмонов", "рахмон", "RAHMONOV", "RAHMON", "rakhmon", "Farrukh Rakhmonov", "FARRUH RAHMONZODA", "Фаррух Рахмонов", "фарр" })
        {
            Assert.True((await FoundAsync(_ru, $"subject.name : \"{search}\"")).Contains(c.Name), $"'{search}' did not find the case");
        }
    }

    [Theory]
    [InlineData("Рахмонов", "Раҳмонов", "RAKHMONOV", "RAHMONOV")]
    [InlineData("Джураев", "Ҷӯраев", "JURAEV", "DZHURAEV")]
    [InlineData("Кодиров", "Қодиров", "QODIROV", "KODIROV")]
    [InlineData("Хайдаров", "Ҳайдаров", "KHAYDAROV", "HAYDAROV")]
    [InlineData("Гафуров", "Ғафуров", "GAFUROV", "GHAFUROV")]
    [InlineData("Фёдоров", "Федоров", "FEDOROV", "FYODOROV")]
    [InlineData("Рахмонова", "Раҳмонзода", "RAKHMONOVA", "RAHMONZODA")]
    [InlineData("Рахманов", "Раҳмонов", "RAKHMANOV", "RAHMONOV")]
    [InlineData("Исмоилов", "Исмоилов", "ISMOILOV", "ISMOILZOD")]
    public async Task ASurname_InEachSpelling_FindsTheCaseFiledUnderEveryOther_WithTheGivenNameBeforeOrAfter(
        string russian, string tajik, string icao, string variant)
    {
        var spellings = new[] { russian, tajik, icao, variant };
        foreach (var filed in spellings)
        {
            var given = $"Зарина{filed.Length}";
            var c = await _tj.CreateAsync(NewCase(latinName: "", russianName: $"{filed} {given}", tajikName: ""));
            foreach (var search in spellings)
            {
                Assert.Contains(c.Name, await FoundAsync(_ru, $"subject.name : \"{search}\""));
                Assert.Contains(c.Name, await FoundAsync(_ru, $"subject.name : \"{given} {search}\""));
                Assert.Contains(c.Name, await FoundAsync(_ru, $"subject.name : \"{search} {given}\""));
            }
        }
    }

    [Theory]
    [InlineData("Фаррух", "Фарруҳ", "FARRUKH", "FARRUH")]
    [InlineData("Бахром", "Баҳром", "BAKHROM", "BAHROM")]
    [InlineData("Фируз", "Фирӯз", "FIRUZ", "FIRUZ")]
    [InlineData("Мехродж", "Меҳроҷ", "MEKHRODZH", "MEHROJ")]
    public async Task AGivenName_InEachSpelling_FindsTheCaseFiledUnderEveryOther(string russian, string tajik, string icao, string variant)
    {
        var spellings = new[] { russian, tajik, icao, variant };
        var c = await _tj.CreateAsync(NewCase(latinName: $"ZZSURNAME {icao}", russianName: $"Яркинов {russian}", tajikName: $"Ёркинов {tajik}"));

        foreach (var search in spellings)
        {
            Assert.Contains(c.Name, await FoundAsync(_ru, $"subject.name : \"{search}\""));
            Assert.Contains(c.Name, await FoundAsync(_ru, $"subject.name : \"{search} Yarkinov\""));
        }
    }

    [Theory]
    [InlineData("Рахмонов", "Рахимов")]
    [InlineData("Назаров", "Назиров")]
    [InlineData("Юсупов", "Юсуфов")]
    [InlineData("KARIMOV", "KURBANOV")]
    [InlineData("Саидов", "Саидмуродов")]
    [InlineData("Шарипов", "Шарофов")]
    public async Task ADifferentSurname_DoesNotFindTheCase_EitherWay(string one, string other)
    {
        var first = await _tj.CreateAsync(NewCase(latinName: "", russianName: $"{one} Умед", tajikName: ""));
        var second = await _tj.CreateAsync(NewCase(latinName: "", russianName: $"{other} Умед", tajikName: ""));

        Assert.DoesNotContain(second.Name, await FoundAsync(_ru, $"subject.name : \"{one}\""));
        Assert.DoesNotContain(first.Name, await FoundAsync(_ru, $"subject.name : \"{other}\""));
        Assert.DoesNotContain(first.Name, await FoundAsync(_ru, $"subject.name : \"Умед {other}\""));
    }

    [Fact]
    public async Task EveryWordOfTheSearch_MustFindAWordOfTheSubject()
    {
        var c = await _tj.CreateAsync(NewCase(latinName: "SHARIPOV DAVLAT", russianName: "Шарипов Давлат", tajikName: ""));

        Assert.Contains(c.Name, await FoundAsync(_ru, "subject.name : \"davlat sharip\""));
        Assert.DoesNotContain(c.Name, await FoundAsync(_ru, "subject.name : \"davlat karimov\""));
        Assert.DoesNotContain(c.Name, await FoundAsync(_ru, "subject.name : \"haripov\"")); // inside a word is not a prefix
    }

    [Fact]
    public async Task ASearch_ByDateOfBirthAndCitizenship_FindsTheSubject()
    {
        var draft = NewCase(latinName: "NAZAROV BEHRUZ", russianName: "", tajikName: "");
        draft.Subject.DateOfBirth = new Google.Type.Date { Year = 1977, Month = 11, Day = 3 };
        draft.Subject.Citizenship = "UZB";
        var c = await _tj.CreateAsync(draft);

        Assert.Equal([c.Name], await FoundAsync(_ru, "subject.date_of_birth = 1977-11-03"));
        Assert.Equal([c.Name], await FoundAsync(_ru, "subject.citizenship = uzb AND subject.name : \"nazar\""));
        Assert.DoesNotContain(c.Name, await FoundAsync(_ru, "subject.date_of_birth = 1977-11-04"));
    }

    [Fact]
    public async Task APassportSearch_FindsTheCallersOwnPartysCase_InAnySpacingOrCase()
    {
        var draft = NewCase(latinName: "PASSPORT OWNCASE", russianName: "", tajikName: "");
        draft.Subject.PassportNumber = "AB 551-2034";
        var c = await _tj.CreateAsync(draft);

        Assert.Equal([c.Name], await FoundAsync(_tj, "subject.passport_number = \"ab5512034\""));
        Assert.Equal([c.Name], await FoundAsync(host.ClientFor(Party.TJ, Role.Auditor, "tj.auditor"), "subject.passport_number = \"AB 551 2034\""));
    }

    [Fact]
    public async Task APassportSearch_ByTheOtherParty_FindsNothingWithoutConsent_TheSameAsForAPassportNoCaseHas_AndTheCaseOnceConsented()
    {
        var draft = NewCase(latinName: "PASSPORT WITHHELD", russianName: "", tajikName: "");
        draft.Subject.PassportNumber = "TJ7700112";
        var c = await _tj.CreateAsync(draft);

        var withheld = await _ru.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.passport_number = \"TJ7700112\"" });
        var nobodys = await _ru.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.passport_number = \"TJ7700999\"" });
        var coChair = await FoundAsync(host.ClientFor(Party.RU, Role.CoChair, "ru.cochair"), "subject.passport_number = \"TJ7700112\"");
        await _tj.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true });
        var consented = await FoundAsync(_ru, "subject.passport_number = \"TJ7700112\"");

        Assert.Equal(nobodys, withheld);
        Assert.Empty(withheld.Cases);
        Assert.Equal([c.Name], coChair);
        Assert.Equal([c.Name], consented);
    }

    [Theory]
    [InlineData("subject.name = \"rakhmonov\"")]
    [InlineData("subject.name : \"123 --\"")]
    [InlineData("subject.date_of_birth = 1990-4-12")]
    [InlineData("subject.date_of_birth > 1990-04-12")]
    [InlineData("subject.passport_number : \"400\"")]
    [InlineData("subject.passport_number = \"--\"")]
    [InlineData("subject.citizenship != TJK")]
    public async Task ASubjectFilterOutsideTheSubset_IsInvalidFilter(string filter)
    {
        var error = await Assert.ThrowsAnyAsync<RpcException>(() => _ru.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = filter }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "INVALID_FILTER"), (error.StatusCode, error.Reason()));
    }

    [Fact]
    public async Task AChangedName_IsFoundByTheNewSpelling_NotTheOld()
    {
        var c = await _tj.CreateAsync(NewCase(latinName: "OLDNAMEOV ULUGBEK", russianName: "", tajikName: ""));

        await _tj.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = c.Name, Subject = new V1.Subject { NameLatin = "NEWNAMEZODA ULUGBEK" } },
            UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("subject.name_latin"),
        });

        Assert.Equal([c.Name], await FoundAsync(_ru, "subject.name : \"newname ulugbek\""));
        Assert.Empty(await FoundAsync(_ru, "subject.name : \"oldname\""));
    }
}

/// <summary>Cases filed before the search keys existed, or whose keys an earlier folding made, get current keys at start.</summary>
public sealed class CaseSearchKeyBackfillTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _tj;

    public CaseSearchKeyBackfillTests() => _tj = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    /// <summary>Changes the stored keys directly, as an earlier version of the server left them.</summary>
    private async Task WithDatabaseAsync(Func<CaseTracker.Server.Storage.CaseTrackerDbContext, Task> change)
    {
        var contexts = _host.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CaseTracker.Server.Storage.CaseTrackerDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await change(db);
    }

    private Task BackfillAsync() => WithDatabaseAsync(db =>
    {
        CaseSearchKeyBackfill.Run(db, postgres: TestDatabase.Postgres is not null);
        return Task.CompletedTask;
    });

    private async Task<List<string>> FoundAsync(string name) =>
        [.. (await _tj.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = $"subject.name : \"{name}\"" })).Cases.Select(c => c.Name)];

    [Fact]
    public async Task ACaseWithoutSearchKeys_IsFoundOnceTheBackfillHasRun()
    {
        var c = await _tj.CreateAsync(NewCase(latinName: "BACKFILLOV OLIM", russianName: "", tajikName: ""));
        await WithDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(db.CaseSearchKeys));
        var before = await FoundAsync("backfillov");

        await BackfillAsync();

        Assert.Empty(before);
        Assert.Equal([c.Name], await FoundAsync("backfillov"));
    }

    [Fact]
    public async Task KeysOfAnEarlierFolding_AreMadeAgainAtStart_SoAFrenchOrGermanSpellingFindsTheCase()
    {
        var c = await _tj.CreateAsync(NewCase(latinName: "", russianName: "Джураев Бахром", tajikName: ""));
        await WithDatabaseAsync(async db =>
        {
            // The keys as an earlier folding left them: no version key, a name key the current folding does not make.
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(
                db.CaseSearchKeys.Where(k => k.Kind == SearchKeyKind.Folding || k.Kind == SearchKeyKind.Name));
            db.CaseSearchKeys.Add(new CaseSearchKey(CaseNames.TryParse(c.Name)!, SearchKeyKind.Name, "stalekey"));
            await db.SaveChangesAsync();
        });
        var before = await FoundAsync("DJOURAEV");

        await BackfillAsync();

        Assert.Empty(before);
        Assert.Equal([c.Name], await FoundAsync("DJOURAEV"));
        Assert.Equal([c.Name], await FoundAsync("Dschuraew Bahrom"));
        Assert.Empty(await FoundAsync("stalekey"));
    }

    public void Dispose() => _host.Dispose();
}
